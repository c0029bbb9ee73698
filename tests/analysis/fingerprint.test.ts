import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, bandKeys, isDuplicate, minhash, shingles } from '../../src/analysis/fingerprint.ts';
import { splitArticle } from '../../src/analysis/text.ts';

const fingerprint = (name: string) => {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/analysis', name), 'utf8');
  return shingles(anchors(splitArticle(text).sentences));
};

describe('near-duplicate fingerprints', () => {
  const original = fingerprint('wire-original.txt');
  const spun = fingerprint('wire-spun.txt');
  const other = fingerprint('other-story.txt');

  it('takes a machine-spun rewrite (synonyms swapped every few words) for the same story', () => {
    expect(isDuplicate(original, spun).duplicate).toBe(true);
  });

  it('puts a spun copy in a shared LSH band, so it is found without comparing every article', () => {
    const a = new Set(bandKeys(minhash(original)));
    expect(bandKeys(minhash(spun)).some((b) => a.has(b))).toBe(true);
  });

  it('keeps another story on the same negotiations apart, though it shares the actors', () => {
    expect(isDuplicate(original, other).duplicate).toBe(false);
    expect(isDuplicate(spun, other).duplicate).toBe(false);
  });

  it('keeps template articles with other names, places and numbers apart', () => {
    const template = (place: string, name: string, n: number) =>
      shingles(anchors(splitArticle(`Negotiators in ${place} met on day ${n * 3} of the effort to reach a Gaza ceasefire, officials said, with ${40 + n} hostages at the centre.\n\n"We moved forward on ${n + 2} points in ${place}," ${name} told reporters, adding that Qatar, Egypt and the United States would meet again within ${n + 2} days.`).sentences));
    expect(isDuplicate(template('Doha', 'Majed al-Ansari', 0), template('Cairo', 'Abbas Kamel', 1)).duplicate).toBe(false);
    expect(isDuplicate(template('Doha', 'Majed al-Ansari', 0), template('Doha', 'Osama Hamdan', 10)).duplicate).toBe(false);
  });
});
