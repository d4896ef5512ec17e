import { createHash } from 'node:crypto';

/** The namespace of decision ids (RFC 9562 UUIDv5): fixed forever, so ids are stable across versions. */
const DECISION_NAMESPACE = Buffer.from('6d6f64656c676174652e6465636973696f', 'hex').subarray(0, 16);

/**
 * The id of a decision, which is also its idempotency key: a name-based UUIDv5 (RFC 9562 §5.5) of
 * what was decided on, e.g. `deployment:<id>:analysis:<n>` or `monitor:<id>:episode:<n>`. The same
 * analysis therefore never yields two ids, even when two workers or a retried tick compute it.
 * @example decisionIdOf('deployment:2f1c…:analysis:7') // '…-5…' (version 5), the same on every call
 */
export function decisionIdOf(key: string): string {
  const hash = createHash('sha1').update(DECISION_NAMESPACE).update(key, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
