import crypto from 'node:crypto';

/** 128 random bits, base64url (22 characters): a page address nobody can guess or count up to. */
export function newPublicId(): string {
  return crypto.randomBytes(16).toString('base64url');
}
