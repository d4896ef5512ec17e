import { describe, expect, it } from 'vitest';
import { classify } from './standard-webhook.adapter';

describe('classify (the status of a webhook delivery)', () => {
  const now = Date.parse('2025-11-25T12:00:00Z');
  it.each([
    [200, null, { kind: 'delivered', status: 200 }],
    [204, null, { kind: 'delivered', status: 204 }],
    [410, null, { kind: 'gone', status: 410, reason: 'the receiver answered 410 Gone' }],
    [429, '7', { kind: 'retry-after', ms: 7_000, status: 429, reason: 'the receiver answered 429 with Retry-After: 7' }],
    [503, '2', { kind: 'retry-after', ms: 2_000, status: 503, reason: 'the receiver answered 503 with Retry-After: 2' }],
    [503, null, { kind: 'failed', status: 503, reason: 'the receiver answered 503', retriable: true }],
    [500, '5', { kind: 'failed', status: 500, reason: 'the receiver answered 500', retriable: true }],
    [400, null, { kind: 'failed', status: 400, reason: 'the receiver answered 400', retriable: true }],
    [302, null, { kind: 'failed', status: 302, reason: 'the receiver answered 302', retriable: true }],
  ])('%i (Retry-After %j)', (status, retryAfter, expected) => {
    expect(classify(status, retryAfter, now)).toEqual(expected);
  });
});
