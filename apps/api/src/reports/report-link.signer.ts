import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the HMAC covers: the purpose, the deployment and the expiry, so a signature is good for nothing else. */
const signed = (deploymentId: string, expiresAt: number): string => `modelgate.report-link/v1:${deploymentId}:${expiresAt}`;
const signatureOf = (secret: string, deploymentId: string, expiresAt: number): Buffer =>
  createHmac('sha256', secret).update(signed(deploymentId, expiresAt)).digest();

/** A link token `<deployment id>.<expiry, unix seconds>.<HMAC-SHA256, base64url>`. */
export function signReportLink(secret: string, deploymentId: string, expiresAt: number): string {
  return `${deploymentId}.${expiresAt}.${signatureOf(secret, deploymentId, expiresAt).toString('base64url')}`;
}

export type ReportLinkCheck = { ok: true; deploymentId: string } | { ok: false; reason: string };

const tokenShape = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Checks a token at `now` (unix seconds): the signature first (in constant time), so an edited
 * expiry reads as tampered, then the expiry.
 * @example verifyReportLink(secret, signReportLink(secret, id, 1_900_000_000), 1_800_000_000) // { ok: true, deploymentId: id }
 */
export function verifyReportLink(secret: string, token: string, now: number): ReportLinkCheck {
  const match = tokenShape.exec(token);
  if (!match) return { ok: false, reason: 'this is not a report link: ask for a new one with POST /v1/deployments/:id/report-links' };
  const [, deploymentId, expiry, signature] = match as unknown as [string, string, string, string];
  const expiresAt = Number(expiry);
  if (!timingSafeEqual(Buffer.from(signature, 'base64url'), signatureOf(secret, deploymentId, expiresAt))) {
    return { ok: false, reason: 'this report link was altered or signed with another secret: ask for a new one' };
  }
  if (now >= expiresAt) {
    return { ok: false, reason: `this report link expired at ${new Date(expiresAt * 1000).toISOString()}: ask for a new one` };
  }
  return { ok: true, deploymentId };
}
