import type { DeploymentStrategy, EventFieldError, EventRejectReason, OutcomeEvent, ParsedEvent, PredictionEvent } from '@modelgate/contracts';

/** Why an event goes to the dead letters instead of the database. */
export type DeadLetterReason =
  | EventRejectReason
  /** The event is valid but no deployment knows its model and version (or its deployment id). */
  | 'unknown-model'
  /** The event passed the contract but PostgreSQL refused it (the error names why); found by splitting its batch. */
  | 'rejected-by-database'
  /** Its timestamp is older than the event retention: its day's partition is gone (or about to go). */
  | 'expired'
  /** Its timestamp is further ahead of the ingest clock than clock skew explains. */
  | 'in-the-future';

/** Where a prediction belongs: which deployment (and its strategy) and which of its variants. */
export type DeploymentResolution =
  | { ok: true; deploymentId: string; variant: string; strategy: DeploymentStrategy }
  /** A watched version (it has a monitor) in no deployment: stored and watched, not dead-lettered. */
  | { ok: true; deploymentId: null; variant: null; strategy: null }
  | { ok: false; message: string };

export type DeploymentResolver = (event: PredictionEvent) => DeploymentResolution;

export interface ResolvedPrediction {
  event: PredictionEvent;
  /** Null (and variant and strategy too) for a watched version in no deployment. */
  deploymentId: string | null;
  variant: string | null;
  strategy: DeploymentStrategy | null;
}

/** A prediction of a version in a deployment: what the deployment rollups and joins count. */
export type DeployedPrediction = ResolvedPrediction & { deploymentId: string; variant: string; strategy: DeploymentStrategy };

export interface DeadLetter<S> {
  source: S;
  reason: DeadLetterReason;
  errors: EventFieldError[];
}

export interface ClassifiedEvents<S> {
  predictions: ResolvedPrediction[];
  outcomes: OutcomeEvent[];
  /** Events whose id already appeared earlier in the same batch (the first one is kept). */
  duplicates: number;
  deadLetters: Array<DeadLetter<S>>;
  /** The UTC days (days since 1970-01-01) of the events to write: the partitions the batch needs. */
  days: Set<number>;
}

/** The timestamps ingest stores (epoch ms, `from` inclusive, `to` exclusive), and how to explain the bounds. */
export interface EventWindow {
  from: number;
  to: number;
  /** The retention in days, named in the `expired` message. */
  retentionDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Sorts one batch of parsed events into what is written (valid, resolved, first of its id),
 * what is dropped as a duplicate within the batch, and what is dead-lettered with its reason.
 * Duplicates across batches are the database's job (`ON CONFLICT (event_id, occurred_at) DO NOTHING`).
 * An event outside `window` (older than the retention, or too far ahead) is dead-lettered: its day
 * has no partition to go to. A timestamp JavaScript cannot read is left for PostgreSQL to judge.
 * Pure: `source` is whatever the caller needs to dead-letter the original (a Kafka message, an HTTP index).
 */
export function classifyEvents<S>(
  items: ReadonlyArray<{ source: S; parsed: ParsedEvent }>,
  resolve: DeploymentResolver,
  window: EventWindow = { from: -Infinity, to: Infinity, retentionDays: Infinity },
): ClassifiedEvents<S> {
  const result: ClassifiedEvents<S> = { predictions: [], outcomes: [], duplicates: 0, deadLetters: [], days: new Set() };
  const seen = { prediction: new Set<string>(), outcome: new Set<string>() };
  for (const { source, parsed } of items) {
    if (!parsed.ok) {
      result.deadLetters.push({ source, reason: parsed.reason, errors: parsed.errors });
      continue;
    }
    const at = Date.parse(parsed.event.timestamp);
    if (at < window.from || at >= window.to) {
      result.deadLetters.push(at < window.from ? expired(source, window) : inTheFuture(source, window));
      continue;
    }
    if (seen[parsed.kind].has(parsed.event.eventId)) {
      result.duplicates += 1;
      continue;
    }
    if (parsed.kind === 'outcome') {
      seen.outcome.add(parsed.event.eventId);
      result.outcomes.push(parsed.event);
      if (!Number.isNaN(at)) result.days.add(Math.floor(at / DAY_MS));
      continue;
    }
    const resolution = resolve(parsed.event);
    if (!resolution.ok) {
      const path = parsed.event.deploymentId === undefined ? 'model' : 'deploymentId';
      result.deadLetters.push({ source, reason: 'unknown-model', errors: [{ path, message: resolution.message }] });
      continue;
    }
    seen.prediction.add(parsed.event.eventId);
    result.predictions.push({ event: parsed.event, deploymentId: resolution.deploymentId, variant: resolution.variant, strategy: resolution.strategy });
    if (!Number.isNaN(at)) result.days.add(Math.floor(at / DAY_MS));
  }
  return result;
}

function expired<S>(source: S, window: EventWindow): DeadLetter<S> {
  const message =
    `older than the event retention (EVENT_RETENTION_DAYS=${window.retentionDays}: events from ${new Date(window.from).toISOString()} on), ` +
    'so it can no longer join its prediction or outcome nor be recognised as a duplicate; to keep such events, raise EVENT_RETENTION_DAYS and replay it';
  return { source, reason: 'expired', errors: [{ path: 'timestamp', message }] };
}

function inTheFuture<S>(source: S, window: EventWindow): DeadLetter<S> {
  const message = `later than ${new Date(window.to).toISOString()} (more than a day ahead of the ingest clock): fix the producer's clock and replay it`;
  return { source, reason: 'in-the-future', errors: [{ path: 'timestamp', message }] };
}
