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
  return new TextDecoder(detectCharset(body, contentType)).decode(body);
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
