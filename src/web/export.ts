import fs from 'node:fs/promises';
import path from 'node:path';
import { respond, sitePaths, type WebContext } from './site.tsx';
import { refreshStoryDays } from './story-days.ts';

export interface ExportReport {
  dir: string;
  pages: number;
  images: number;
}

/**
 * The site as static files under `dir`, for any static host: `index.html`, `days/<day>/index.html`,
 * `digests/<id>/index.html` with `figures.png`, and `assets/site.css`. Pages link relatively, so the
 * folder works wherever it is published. Every changed day is planned first, however many.
 */
export async function exportSite(ctx: WebContext, dir: string): Promise<ExportReport> {
  await refreshStoryDays(ctx.db, ctx.config, { maxDays: Infinity, now: ctx.now() });
  const report: ExportReport = { dir, pages: 0, images: 0 };
  for (const sitePath of await sitePaths(ctx.db)) {
    const answer = await respond(ctx, sitePath);
    if (answer.status !== 200) continue;
    const file = path.join(dir, ...(sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath).split('/').filter(Boolean));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, answer.body);
    if (answer.type.startsWith('text/html')) report.pages += 1;
    else if (answer.type.startsWith('image/')) report.images += 1;
  }
  return report;
}
