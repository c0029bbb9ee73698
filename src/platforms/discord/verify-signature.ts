import crypto from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI structure node:crypto reads. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function discordPublicKey(hex: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/**
 * Discord signs `timestamp + raw body` with the application's Ed25519 key. The raw bytes are
 * verified as received: re-serialised JSON would not match.
 */
export function verifyDiscordSignature(key: crypto.KeyObject, signatureHex: string | undefined, timestamp: string | undefined, rawBody: Buffer): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  try {
    return crypto.verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
