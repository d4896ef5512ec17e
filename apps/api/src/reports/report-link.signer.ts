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

/**
 * The secret that signs report links: REPORT_LINK_SECRET, required in production (a link must keep
 * working across restarts and replicas); elsewhere `random()` stands in, valid for this process only.
 */
export function reportLinkSecret(env: { NODE_ENV: string; REPORT_LINK_SECRET?: string | undefined }, random: () => string): { secret: string; generated: boolean } {
  if (env.REPORT_LINK_SECRET !== undefined) return { secret: env.REPORT_LINK_SECRET, generated: false };
  if (env.NODE_ENV === 'production') {
    throw new Error('REPORT_LINK_SECRET is not set: production needs a secret of 32 characters or more to sign report links (e.g. openssl rand -base64 32)');
  }
  return { secret: random(), generated: true };
}
