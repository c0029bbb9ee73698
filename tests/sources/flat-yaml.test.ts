import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFlatYaml } from '../../src/sources/flat-yaml.ts';

/** What splitFrontMatter falls back to, or the error it would report. */
function library(text: string): unknown {
  try {
    return YAML.parse(text, { prettyErrors: false, maxAliasCount: 50, logLevel: 'error' }) ?? {};
  } catch {
    return 'error';
  }
}

const fragments = [
  'a', 'Talks', ' ', '  ', '"', "'", '#', ' #', ':', ': ', '-', '- ', '?', '[', ']', '{', '}', ',', '&', '*', '!', '!!str ', '|', '>', '%', '@', '`',
  '\\', '\\n', '0', '1', '7', '.', 'e', 'E', 'x', 'o', '+', '~', '_', '\t', '\r', '\n', '\u00a0', '\u0085', '\u2028', '\ufeff', '\u3000', 'é', '“',
  '\ud83d\ude00', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'yes', 'no', 'on', '0x1F', '0o17', '1e3', '1.5', '.inf', '.NaN', '2024-05-05',
  '2024-05-05T10:00:00Z', '2024-05-05 10:00', '12:30', 'https://example.org/a?b=c#d', '<<',
];
const scalar = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...fragments) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...fragments), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
);
const value = fc.oneof(
  scalar,
  scalar.map((s) => `"${s}"`),
  scalar.map((s) => `'${s}'`),
);
const key = fc.oneof(fc.constantFrom('title', 'outlet', 'published', 'url', 'layout', 'tags', 'true', 'Null', '__proto__', 'constructor', '_x-1', '1', 'a b'), scalar);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, fc.constantFrom(': ', ':  ', ':', ' : ', ':\t'), value, fc.constantFrom('', ' ', '  ', '\t', ' # note')).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# comment', '  nested: x', '- item', '---', '...', '%YAML 1.2', 'title: a', 'title: b') },
);
const document = fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

describe('the flat front matter fast path', () => {
  it('gives what the yaml library gives whenever it gives anything', () => {
    fc.assert(
      fc.property(document, (text) => {
        const fast = parseFlatYaml(text);
        if (fast !== null) expect(fast).toStrictEqual(library(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the front matter article files carry', () => {
    const text = 'title: "Hamas delegation leaves Cairo"\noutlet: Al Jazeera\r\nurl: \'https://example.org/a?b=c#d\'\n\npublished: 2024-05-05\nlayout: post  \n';
    const expected = { title: 'Hamas delegation leaves Cairo', outlet: 'Al Jazeera', url: 'https://example.org/a?b=c#d', published: '2024-05-05', layout: 'post' };
    expect(parseFlatYaml(text)).toEqual(expected);
    expect(library(text)).toEqual(expected);
    expect(parseFlatYaml('published: 2024-05-05T10:00:00Z')).toEqual({ published: '2024-05-05T10:00:00Z' });
    expect(parseFlatYaml('')).toEqual({});
  });

  it('leaves everything else to the library', () => {
    for (const text of ['published: 2024', 'title: null', 'title: [1, 2]', 'title: a: b', 'title: a # note', 'tags:\n  - a', '# comment\ntitle: a', 'title: "a\\"b"', "title: 'it''s'", 'title: a\ntitle: b', 'title:\ta', '__proto__: x']) {
      expect(parseFlatYaml(text), text).toBeNull();
    }
  });
});
