import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relevance } from '../../src/analysis/relevance.ts';
import { parseConfig } from '../../src/config/index.ts';
import { readArticleFile } from '../../src/sources/files.ts';

const root = path.resolve(import.meta.dirname, '../..');
const topic = parseConfig(fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8'), 'config/default.yaml').topic;
const check = async (file: string) => {
  const article = await readArticleFile(path.join(root, file));
  return relevance(article.title, article.text, topic);
};

describe('topic relevance', () => {
  it('keeps an article about the ceasefire negotiations', async () => {
    expect((await check('tests/fixtures/analysis/wire-spun.txt')).onTopic).toBe(true);
  });

  it('excludes a football match in Doha that talks of "negotiations" and a "deal", with the reason', async () => {
    const r = await check('eval/moments/4-2024-08-15/doha-derby-football.txt');
    expect(r.onTopic).toBe(false);
    expect(r.reason).toMatch(/off-topic: only \d+ of \d+ named mentions/);
  });

  it("excludes another war's prisoner swap and truce talks, even with Qatar in it", async () => {
    expect((await check('eval/moments/2-2024-04-28/ukraine-prisoner-talks.txt')).onTopic).toBe(false);
  });
});
