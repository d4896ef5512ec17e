import type { Decision } from '@modelgate/contracts';

/** What one delivery attempt came to; the worker turns it into the outbox row's next state. */
export type DeliveryResult =
  /** The deploy system has it (a 2xx, or the broker's acknowledgement). */
  | { kind: 'delivered'; status: number | null }
  /** The receiver asked us to come back later (429 or 503 with `Retry-After`). */
  | { kind: 'retry-after'; ms: number; status: number; reason: string }
  /** The receiver said the endpoint is gone for good (410): stop sending to it. */
  | { kind: 'gone'; status: number; reason: string }
  /** It did not work; `retriable` says whether another attempt may (not defaulted to true). */
  | { kind: 'failed'; status: number | null; reason: string; retriable: boolean };

/**
 * A deploy system that hears decisions. A new kind of deploy system is one more implementation;
 * the outbox, the retries and the order stay as they are.
 */
export interface DeployAdapter {
  deliver(decision: Decision): Promise<DeliveryResult>;
  /**
   * Several decisions of one line at once, in order, all or nothing (one Kafka produce): for systems
   * where one call carries many. Absent: the worker sends one after the other with `deliver`.
   */
  deliverAll?(decisions: readonly Decision[]): Promise<DeliveryResult>;
}
