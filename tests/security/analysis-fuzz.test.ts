import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/analysis/analyze-article.ts';
import { hostileText } from './hostile-text.ts';

const quoteMarks = fc.constantFrom('"', '“', '”', '„', "'", '‘', '’', ' said ', ' told Reuters. ', '\n\n', ': ', ', ');
const articleText = fc
  .array(fc.oneof({ weight: 3, arbitrary: hostileText(6) }, { weight: 3, arbitrary: quoteMarks }, { weight: 1, arbitrary: fc.constantFrom('Osama Hamdan', 'Benjamin Netanyahu', '34,683 killed', 'Gaza') }), { maxLength: 120 })
  .map((parts) => parts.join(''));

const normalise = (text: string) => text.replace(/\s+/g, ' ');

describe('the quote and figure extractor on hostile article text', () => {
  it('never throws, and every quote it finds is text the article holds', () => {
    fc.assert(
      fc.property(fc.option(hostileText(5)), articleText, (title, text) => {
        const analysis = analyzeArticle(title, text);
        const flat = normalise(text.replace(/[“”„"]/g, '"'));
        for (const quote of analysis.quotes) {
          for (const segment of quote.segments) {
            expect(segment.trim().length).toBeGreaterThan(0);
            expect(flat).toContain(normalise(segment.replace(/[“”„"]/g, '"')).trim());
          }
        }
      }),
      { seed: 20240305, numRuns: 150, endOnFailure: true },
    );
  });

  it('stays fast on pathological text', () => {
    const cases = [
      'a "'.repeat(20_000),
      '“'.repeat(50_000),
      '”'.repeat(50_000),
      `${'x'.repeat(200_000)} said "yes"`,
      'Hamas said: "we accept. '.repeat(1_000),
      `${'1,'.repeat(30_000)}000 killed`,
      '\n'.repeat(100_000),
      'Negotiators met in Doha on Thursday. '.repeat(2_700),
      // Each of these once took seconds: abbreviations that never end a sentence, and speech verbs
      // whose speaker phrase was looked for from the paragraph's start.
      'Mr. '.repeat(30_000),
      'U.S. '.repeat(30_000),
      'Hamas said: "we accept." '.repeat(2_000),
      '"x," he said. '.repeat(8_000),
      'Hamas told Reuters. '.repeat(10_000),
    ];
    for (const text of cases) {
      const started = Date.now();
      analyzeArticle(null, text);
      expect(Date.now() - started, text.slice(0, 20)).toBeLessThan(5_000);
    }
  });
});
