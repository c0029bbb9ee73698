/**
 * Turns fetched bytes into text. The encoding is taken, in order, from a byte-order mark (it
 * cannot be wrong about the bytes that follow, so it beats a header that disagrees, as browsers
 * do), the `charset` of the Content-Type header, the XML declaration or an HTML `<meta>` in the
 * first bytes, and finally UTF-8. Labels are WHATWG labels, so `iso-8859-1` and `latin1` decode as
 * Windows-1252 (its superset), and an unknown label falls back to UTF-8 instead of failing.
 */
export function detectCharset(body: Buffer, contentType?: string | null): string {
  const fromBom = charsetFromBom(body);
  if (fromBom) return fromBom;
  const fromHeader = contentType ? supported(/;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1]) : null;
  if (fromHeader) return fromHeader;
  return charsetFromDocument(body) ?? 'utf-8';
}

export function decodeText(body: Buffer, contentType?: string | null): string {
  const charset = detectCharset(body, contentType);
  return charset === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(charset).decode(body);
}

/**
 * Node 20's TextDecoder accepts `windows-1252` but decodes it as ISO-8859-1, turning the curly
 * quotes, dashes and ellipses of 0x80–0x9F into invisible control characters; those 32 bytes are
 * mapped here (WHATWG table; the five unassigned bytes stay as they are, as the standard says).
 */
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(body: Buffer): string {
  const latin1 = body.toString('latin1');
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(windows1252High[c.charCodeAt(0) - 0x80]!)) : latin1;
}

function charsetFromBom(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return null;
}

function charsetFromDocument(body: Buffer): string | null {
  // UTF-16 without a BOM still shows `<?` as 3C 00 3F 00 or 00 3C 00 3F.
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le';
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be';
  const head = body.subarray(0, 2048).toString('latin1');
  const declared =
    /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  // A document that declares UTF-16 but has no BOM and reached here is in fact 8-bit (the bytes
  // above were not UTF-16), so the declaration is wrong and UTF-8 is the better guess.
  const charset = supported(declared);
  return charset && !charset.startsWith('utf-16') ? charset : null;
}

function supported(label: string | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}
