import { describe, expect, it } from 'vitest';
import { cleanTitle, isPageJunk, looksLikeTitle, toParagraphs } from '../../src/sources/cleanup.ts';
import { parseIsoDate, splitFrontMatter } from '../../src/sources/front-matter.ts';

describe('page junk', () => {
  it.each(['Source link', 'Leave a Comment', 'Related Article', 'Related articles:', 'Read more: Hamas sees no solid ground for agreement', 'See also - Rafah crossing reopens', 'Share this article', 'Advertisement', '12 Comments'])(
    'drops "%s"',
    (line) => expect(isPageJunk(line)).toBe(true),
  );

  it.each([
    'Hamas politburo member Osama Hamdan said on Wednesday that the group informed the mediators.',
    'Related talks in Doha will continue on Friday, officials said.',
    'Source: a senior Egyptian official.',
    '“Israel cannot accept that,” he said.',
  ])('keeps "%s"', (line) => expect(isPageJunk(line)).toBe(false));
});

describe('titles', () => {
  it('strips a site or section name appended to a headline', () => {
    expect(cleanTitle('Hamas delegation leaves Cairo, Gaza ceasefire talks at critical stage | Israel’s war in Gaza News')).toBe(
      'Hamas delegation leaves Cairo, Gaza ceasefire talks at critical stage',
    );
    expect(cleanTitle('Example News | Mediators wait for answers in Cairo')).toBe('Mediators wait for answers in Cairo');
    expect(cleanTitle('Talks stall in Doha - Example Wire', 'Example Wire')).toBe('Talks stall in Doha');
    expect(cleanTitle('Talks stall in Doha - Example Wire')).toBe('Talks stall in Doha - Example Wire');
  });

  it('takes a short single-sentence first line as the title, never several sentences of body', () => {
    expect(looksLikeTitle("Differences 'remain big' between parties negotiating Gaza ceasefire", ['body'])).toBe(true);
    expect(
      looksLikeTitle('A Qatari official has called on both sides to show more sincerity. This comes amid increasing pressure to negotiate a deal.', ['body']),
    ).toBe(false);
    expect(looksLikeTitle('x'.repeat(40) + ' ' + 'y'.repeat(130), ['body'])).toBe(false);
    expect(looksLikeTitle('A headline with nothing after it', [])).toBe(false);
  });
});

describe('paragraphs', () => {
  it('keeps one paragraph per line when the text has no blank lines', () => {
    expect(toParagraphs('One line.\nAnother line\nThird.')).toEqual(['One line.', 'Another line', 'Third.']);
  });

  it('joins wrapped lines when paragraphs are separated by blank lines', () => {
    expect(toParagraphs('First paragraph\nwrapped here.\r\n\r\nSecond\u00a0 one.\n\n\n- a list item\n- another')).toEqual([
      'First paragraph wrapped here.',
      'Second one.',
      '- a list item',
      '- another',
    ]);
  });

  it('keeps a heading apart from the wrapped paragraph under it', () => {
    expect(toParagraphs('Talks resume in Cairo\nDelegations from Qatar and Egypt met on Sunday, officials\nsaid on Monday.\n\nA second paragraph.')).toEqual([
      'Talks resume in Cairo',
      'Delegations from Qatar and Egypt met on Sunday, officials said on Monday.',
      'A second paragraph.',
    ]);
  });
});

describe('front matter', () => {
  it('reads dates as UTC and refuses what is not a date', () => {
    expect(parseIsoDate('2024-05-05')).toBe('2024-05-05T00:00:00.000Z');
    expect(parseIsoDate('2024-05-05T10:00')).toBe('2024-05-05T10:00:00.000Z');
    expect(parseIsoDate('2024-05-05T12:00:00+02:00')).toBe('2024-05-05T10:00:00.000Z');
    expect(parseIsoDate('2024-02-31')).toBeNull();
    expect(parseIsoDate('Sunday')).toBeNull();
  });

  it('names the file and the key of a wrong value', () => {
    expect(() => splitFrontMatter('---\ntitle: [1, 2]\n---\nBody', 'a.md')).toThrow(/^a\.md: front matter: title: /);
    expect(() => splitFrontMatter('---\npublished: 2024\n---\nBody', 'b.md')).toThrow(/^b\.md: front matter: published: expected a date/);
    expect(() => splitFrontMatter('---\nurl: ftp://example.org/x\n---\nBody', 'c.md')).toThrow(/^c\.md: front matter: url: expected an http or https URL/);
    expect(() => splitFrontMatter('---\ntitle: never closed\nBody', 'd.md')).toThrow(/^d\.md: front matter starts with "---" but is never closed/);
  });

  it('leaves a file without front matter as it is and ignores keys other tools add', () => {
    expect(splitFrontMatter('Plain text\n---\nafter a rule', 'e.txt')).toEqual({ data: {}, body: 'Plain text\n---\nafter a rule' });
    expect(splitFrontMatter('---\nlayout: post\ntags: [gaza]\ntitle: Hi there\n---\nBody', 'f.md')).toEqual({ data: { title: 'Hi there' }, body: 'Body' });
  });
});
