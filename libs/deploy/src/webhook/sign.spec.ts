import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './sign';

const secretA = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const secretB = `whsec_${Buffer.from('another secret of 24 bytes!').toString('base64')}`;
const body = JSON.stringify({ schema: 'modelgate.decision/v1', action: 'promote' });
const id = '6f2c1d0e-0a5b-4c8e-9f1a-2b3c4d5e6f70';

describe('signWebhook', () => {
  it('matches the specification computed by hand: base64 HMAC-SHA256 of "id.timestamp.body"', () => {
    const at = new Date('2025-11-25T12:00:00.750Z');
    const headers = signWebhook(id, at, body, [secretA]);
    const key = Buffer.from(secretA.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.1764072000.${body}`).digest('base64');
    expect(headers).toEqual({ 'webhook-id': id, 'webhook-timestamp': '1764072000', 'webhook-signature': `v1,${expected}` });
  });

  it('signs with every secret during a rotation, and either verifies', () => {
    const headers = signWebhook(id, new Date(), body, [secretA, secretB]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(secretA).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(secretB).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook(id, new Date(), body, [])).toThrow(/at least one secret/);
  });
});
