import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks headers of one delivery. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a body per the Standard Webhooks specification, with the `standardwebhooks` library:
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret (`whsec_…`), space-separated,
 * so that a receiver holding either the old or the new secret verifies it during a rotation.
 */
export function signWebhook(id: string, at: Date, body: string, secrets: readonly string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error('a webhook subscription needs at least one secret');
  const seconds = new Date(Math.floor(at.getTime() / 1_000) * 1_000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds.getTime() / 1_000),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, seconds, body)).join(' '),
  };
}
