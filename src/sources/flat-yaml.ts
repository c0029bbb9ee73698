/**
 * A fast path for the front matter nearly every article file has: a few `key: value` lines, each
 * value a single-line string. Reading those with the yaml library costs more than the rest of
 * reading the file (about 50 µs each, measured), so lines this simple are read here and anything
 * else is left to the library: this returns null unless it is certain the library would give the
 * same object (tests/sources/flat-yaml.test.ts compares the two on generated input).
 */

/** A key at the start of the line, a colon, at least one space, a value. */
const entry = /^([A-Za-z_][A-Za-z0-9_-]*): +(.+)$/;
/** Keys the YAML core schema reads as something other than a string, or that act on the object. */
const specialKey = /^(?:true|false|null|__proto__)$/i;

const doubleQuoted = /^"([^"\\]*)"$/;
const singleQuoted = /^'([^']*)'$/;
/** Plain values start with a letter, a digit or a non-ASCII character: never a YAML indicator. */
const plainStart = /^[A-Za-z0-9\u00A0-\uFFFF]/;
/** `: ` starts a nested mapping, ` #` a comment, a final `:` an empty mapping. */
const plainBreak = /: | #|:$/;
/** Every number, boolean and null of the core schema is inside this (and more: those go to the library). */
const maybeNotString = /^(?:[0-9][0-9A-Za-z_.+-]*|null|true|false)$/i;
/** `2024-05-05`, a string in the core schema; the one number-shaped value worth keeping here. */
const plainDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Tabs, control and format characters, line and paragraph separators, a BOM: the library has
 * rules of its own for all of them.
 */
const unusual = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/;

/** The front matter as an object of strings when it is that simple, else null. */
export function parseFlatYaml(text: string): Record<string, string> | null {
  const lines = text.replace(/\r\n/g, '\n');
  if (unusual.test(lines)) return null;
  const data: Record<string, string> = {};
  for (const raw of lines.split('\n')) {
    // Only spaces: other white space belongs to the value in YAML (tabs were refused above).
    const line = raw.replace(/ +$/, '');
    if (line === '') continue;
    const match = entry.exec(line);
    if (!match) return null;
    const [, key, value] = match as unknown as [string, string, string];
    if (specialKey.test(key) || Object.hasOwn(data, key)) return null;
    const parsed = flatValue(value);
    if (parsed === null) return null;
    data[key] = parsed;
  }
  // A copy: the values are substrings of the file's text, and V8 keeps a long string's substrings
  // as slices of it, which would keep the whole file in memory for as long as the article is kept.
  return structuredClone(data);
}

function flatValue(value: string): string | null {
  const quoted = doubleQuoted.exec(value) ?? singleQuoted.exec(value);
  if (quoted) return quoted[1]!;
  if (!plainStart.test(value) || plainBreak.test(value)) return null;
  if (maybeNotString.test(value) && !plainDate.test(value)) return null;
  return value;
}
