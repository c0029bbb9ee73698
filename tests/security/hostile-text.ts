import fc from 'fast-check';

/**
 * Text as a hostile feed or article could write it: mentions of every platform, link spoofing,
 * markup of every flavour, control and bidi characters, very long words and long runs.
 */
export const hostileFragments = [
  '@everyone', '@here', '@channel', '<!channel>', '<!here>', '<!everyone>', '<!subteam^S123|@team>', '<@U0123ABCD>', '<@&123456789012345678>',
  '<@123456789012345678>', '<@!123456789012345678>', '<#C0123>', '<#123456789012345678>', '</latest:123>', '<:pepe:123456789012345678>', '<a:x:1>',
  '<t:1700000000:R>', '<http://evil.example|https://trusted.example>', '<https://evil.example>', '[trusted](https://evil.example)',
  '[x](<javascript:alert(1)>)', '](https://evil.example)', '*bold*', '_it_', '~strike~', '`code`', '```block```', '||spoiler||', '> quote',
  '# heading', '-# small', '1. list', '- item', '\\', '&amp;', '&lt;', '&gt;', '&', '<', '>', '|', '\n', '\r\n', '\t', '\u202e', '\u200b',
  '\u0000', '\u0007', '\ud83d\ude00', 'é', '“', '”', 'javascript:alert(1)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
] as const;

export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hostileFragments) }, { weight: 2, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: fc.constant('x'.repeat(5000)) }, { weight: 1, arbitrary: fc.constant('word '.repeat(900)) }), { maxLength })
    .map((parts) => parts.join(''));

/** Strings found anywhere inside a payload (texts, descriptions, names). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}
