import type { Decision } from '@modelgate/contracts';
import type { DeliveryResult, DeployAdapter } from '../adapter';
import { retryAfterMs } from '../backoff';
import { signWebhook } from './sign';

export interface WebhookTarget {
  url: string;
  /** `whsec_…`, newest first; several during a rotation. */
  secrets: readonly string[];
}

export interface WebhookAdapterOptions {
  /** Time limit of one attempt, connection to last byte. */
  timeoutMs: number;
  /** The clock (signing time, Retry-After dates); injected. */
  now?: () => number;
}

const USER_AGENT = 'ModelGate-Webhooks/1';

/**
 * POSTs a decision, signed per Standard Webhooks, with the decision id as `webhook-id` (the
 * idempotency key receivers dedupe on). 2xx delivered; 410 gone; 429 or 503 with `Retry-After`
 * come back then; every other status and network fault is retriable.
 */
export class StandardWebhookAdapter implements DeployAdapter {
  private readonly now: () => number;

  constructor(
    private readonly target: WebhookTarget,
    private readonly options: WebhookAdapterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async deliver(decision: Decision): Promise<DeliveryResult> {
    const body = JSON.stringify(decision);
    const headers = signWebhook(decision.id, new Date(this.now()), body, this.target.secrets);
    let response: Response;
    try {
      response = await fetch(this.target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // The body is not read: only the status counts, and an endless body must not hold the attempt.
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      return { kind: 'failed', status: null, reason: networkReason(error, this.options.timeoutMs), retriable: true };
    }
    return classify(response.status, response.headers.get('retry-after'), this.now());
  }
}

/** The result of an HTTP status (and its Retry-After), per the contract. */
export function classify(status: number, retryAfter: string | null, now: number): DeliveryResult {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone', status, reason: 'the receiver answered 410 Gone' };
  const wait = status === 429 || status === 503 ? retryAfterMs(retryAfter, now) : null;
  if (wait !== null) return { kind: 'retry-after', ms: wait, status, reason: `the receiver answered ${status} with Retry-After: ${retryAfter}` };
  return { kind: 'failed', status, reason: `the receiver answered ${status}`, retriable: true };
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `could not reach the receiver: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}
