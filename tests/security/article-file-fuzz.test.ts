import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { readArticleFile } from '../../src/sources/files.ts';
import { hostileText } from './hostile-text.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-file-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const frontMatterValue = fc.oneof(
  hostileText(3),
  fc.constantFrom('2024-05-06', '2024-02-31', 'yesterday', '[1, 2]', '{ a: 1 }', '*anchor', '&a [*a, *a]', '!!binary aGk=', '"unterminated', '|\n  block', 'null', '~'),
);
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom('title', 'outlet', 'published', 'url', 'language', 'layout', 'tags', ''), frontMatterValue), { maxLength: 5 })
  .map((pairs) => `---\n${pairs.map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n`);
const body = fc.oneof(
  hostileText(30),
  fc.constantFrom('<html><body><script>alert(1)</script><p>Talks resume in Doha.</p></body></html>', '<div>'.repeat(150), '# Heading\n\n> quote\n\n[link](javascript:alert(1))'),
);
const fileContent = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.option(frontMatter), body).map(([head, text]) => Buffer.from(`${head ?? ''}${text}`, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)) },
);

describe('readArticleFile on hostile files', () => {
  it('reads each file or refuses it with a one-line reason naming it, and keeps no script or tag from HTML', async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('.txt', '.md', '.html'), fileContent, async (extension, content) => {
        const file = path.join(dir, `case-${index++}${extension}`);
        fs.writeFileSync(file, content);
        const started = Date.now();
        try {
          const article = await readArticleFile(file);
          expect(article.sourceKey).toBe(`file:${file}`);
          expect(typeof article.text).toBe('string');
          if (extension === '.html') expect(`${article.title ?? ''}\n${article.text}`).not.toMatch(/<script|alert\(1\)<\/script>/i);
          if (article.publishedAt !== null) expect(Number.isNaN(Date.parse(article.publishedAt))).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          const message = (error as UserError).message;
          expect(message).toContain(`case-${index - 1}${extension}`);
          expect(message).not.toContain('\n    at ');
        }
        expect(Date.now() - started).toBeLessThan(5_000);
      }),
      { seed: 20240428, numRuns: 120, endOnFailure: true },
    );
  });
});
