import { hash, randomBytes } from 'node:crypto';

/** Keys start with this, so secret scanners and people recognise them. */
const keyPrefixTag = 'mg_';

/** A new API key: 32 random bytes (256 bits), base64url. */
export function generateApiKey(): string {
  return keyPrefixTag + randomBytes(32).toString('base64url');
}

/**
 * The stored form of a key: SHA-256, hex. A fast hash suffices because keys are 256-bit random
 * values, not passwords (no dictionary to try), and it keeps verification off the hot path's budget.
 */
export function hashApiKey(key: string): string {
  // The one-shot `crypto.hash` (Node >= 20.12) skips the Hash object: it is on every request's path.
  return hash('sha256', key, 'hex');
}

/** What is shown to recognise a key later (`mg_` + 8 characters). */
export function keyPrefixOf(key: string): string {
  return key.slice(0, keyPrefixTag.length + 8);
}
