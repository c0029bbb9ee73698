/** Where a digest can be read on the web: its page, and the chart of its figures when they changed. */
export interface WebLinks {
  page: string;
  chart: string | null;
}

/**
 * The addresses of a digest's page and chart under `web.publicUrl`
 * (`https://news.example.org/parley` → `…/parley/digests/<id>/`, `…/figures.png`).
 */
export function webLinks(publicUrl: string, publicId: string, figuresChanged: boolean): WebLinks {
  const page = new URL(`digests/${encodeURIComponent(publicId)}/`, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
  return { page, chart: figuresChanged ? `${page}figures.png` : null };
}
