import { describe, expect, it } from 'vitest';
import { reportLinkSecret, signReportLink, verifyReportLink } from './report-link.signer';

const secret = 'a-report-link-secret-of-32-chars!';
const id = '2f1c5a0e-9b7d-4c3e-8a1f-0d2e3c4b5a69';
const expiresAt = 1_900_000_000;

describe('report links', () => {
  it('opens until its expiry, for its deployment', () => {
    const token = signReportLink(secret, id, expiresAt);
    expect(token.startsWith(`${id}.1900000000.`)).toBe(true);
    expect(verifyReportLink(secret, token, expiresAt - 1)).toEqual({ ok: true, deploymentId: id });
  });

  it('is refused once expired, saying when', () => {
    const check = verifyReportLink(secret, signReportLink(secret, id, expiresAt), expiresAt);
    expect(check).toEqual({ ok: false, reason: expect.stringContaining('expired at 2030-03-17T17:46:40.000Z') });
  });

  it.each([
    ['a later expiry', (t: string) => t.replace('.1900000000.', '.1900000001.')],
    ['another deployment', (t: string) => t.replace(id, '2f1c5a0e-9b7d-4c3e-8a1f-0d2e3c4b5a6a')],
    // The signature's first character (its last one also carries padding bits that decode alike).
    ['another signature', (t: string) => { const at = t.lastIndexOf('.') + 1; return `${t.slice(0, at)}${t[at] === 'A' ? 'B' : 'A'}${t.slice(at + 1)}`; }],
  ])('is refused as altered with %s', (_what, edit) => {
    const check = verifyReportLink(secret, edit(signReportLink(secret, id, expiresAt)), expiresAt - 10);
    expect(check).toEqual({ ok: false, reason: expect.stringContaining('altered') });
  });

  it('is refused when signed with another secret, or not a link at all', () => {
    expect(verifyReportLink(secret, signReportLink('another-secret-of-32-characters!!', id, expiresAt), 0).ok).toBe(false);
    expect(verifyReportLink(secret, 'nonsense', 0)).toEqual({ ok: false, reason: expect.stringContaining('not a report link') });
  });

  it('is signed with REPORT_LINK_SECRET; production refuses to start without it, elsewhere a random secret stands in', () => {
    const random = () => 'random-secret-for-this-process-only';
    expect(reportLinkSecret({ NODE_ENV: 'production', REPORT_LINK_SECRET: secret }, random)).toEqual({ secret, generated: false });
    expect(() => reportLinkSecret({ NODE_ENV: 'production' }, random)).toThrow(/REPORT_LINK_SECRET is not set/);
    expect(reportLinkSecret({ NODE_ENV: 'development' }, random)).toEqual({ secret: 'random-secret-for-this-process-only', generated: true });
  });
});
