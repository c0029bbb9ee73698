import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPeople } from '../../src/analysis/people.ts';
import { attributeQuotes } from '../../src/analysis/quote-speaker.ts';
import { findQuotes } from '../../src/analysis/quotes.ts';
import { splitParagraphs } from '../../src/analysis/text.ts';

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/analysis', name), 'utf8');

/** The speaker of each quote, looked up by the quote's opening words. */
function speakers(text: string): Record<string, string | null | undefined> {
  const paragraphs = splitParagraphs(text);
  const quotes = attributeQuotes(paragraphs, findQuotes(paragraphs), findPeople(paragraphs));
  return new Proxy({}, { get: (_t, start: string) => quotes.find((q) => q.text.startsWith(start))?.speaker });
}

describe('quote speakers', () => {
  const got = speakers(fixture('attribution.txt'));

  it('completes a surname after a quote to the full name given earlier ("Shoukry told Reuters")', () => {
    expect(got['We are closer than we have been']).toBe('Sameh Shoukry');
  });

  it('gives the second half of a split quote the same speaker', () => {
    expect(got['But the last steps are always t']).toBe('Sameh Shoukry');
  });

  it('reads an inverted attribution ("said Majed al-Ansari, the spokesman")', () => {
    expect(got['Nobody should expect a deal ton']).toBe('Majed al-Ansari');
  });

  it('attributes a partial quote to the subject of the reported speech', () => {
    expect(got['a complete and permanent end to']).toBe('Khalil al-Hayya');
  });

  it('resolves "he said" to the last person reported speaking', () => {
    expect(got['The occupation must withdraw fr']).toBe('Khalil al-Hayya');
  });

  it('attributes a quote over two paragraphs by the attribution at its end ("al-Hayya added")', () => {
    expect(got['We have shown flexibility on th']).toBe('Khalil al-Hayya');
  });

  it('resolves a role to the one person the article gave that title, with spun verbs', () => {
    expect(got['The proposal on the table is ex']).toBe('Antony Blinken');
    expect(got['The operation goes on until the']).toBe('Yoav Gallant');
  });

  it('names an organisation when the text says only that ("according to Israeli army radio")', () => {
    expect(got['the cabinet will meet on Thursd']).toBe('Israeli army radio');
  });

  it('leaves unnamed officials and diplomats unattributed', () => {
    expect(got['There are still gaps on the num']).toBeNull();
    expect(got['The window is closing']).toBeNull();
  });

  it('does not guess between two people with the same title', () => {
    const ambiguous = speakers(fixture('ambiguous-role.txt'));
    expect(ambiguous['We are working day and night on']).toBeNull();
  });

  it('leaves a quote with no attribution at all unattributed', () => {
    expect(speakers('The talks ended late.\n\n“Nothing was agreed tonight.”')['Nothing was agreed tonight.']).toBeNull();
  });
});
