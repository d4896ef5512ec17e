import type { DeploymentStrategy, EventFieldError, EventRejectReason, OutcomeEvent, ParsedEvent, PredictionEvent } from '@modelgate/contracts';

/** Why an event goes to the dead letters instead of the database. */
export type DeadLetterReason =
  | EventRejectReason
  /** The event is valid but no deployment knows its model and version (or its deployment id). */
  | 'unknown-model'
  /** The event passed the contract but PostgreSQL refused it (the error names why); found by splitting its batch. */
  | 'rejected-by-database';

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
}

/**
 * Sorts one batch of parsed events into what is written (valid, resolved, first of its id),
 * what is dropped as a duplicate within the batch, and what is dead-lettered with its reason.
 * Duplicates across batches are the database's job (`ON CONFLICT (event_id) DO NOTHING`).
 * Pure: `source` is whatever the caller needs to dead-letter the original (a Kafka message, an HTTP index).
 */
export function classifyEvents<S>(
  items: ReadonlyArray<{ source: S; parsed: ParsedEvent }>,
  resolve: DeploymentResolver,
): ClassifiedEvents<S> {
  const result: ClassifiedEvents<S> = { predictions: [], outcomes: [], duplicates: 0, deadLetters: [] };
  const seen = { prediction: new Set<string>(), outcome: new Set<string>() };
  for (const { source, parsed } of items) {
    if (!parsed.ok) {
      result.deadLetters.push({ source, reason: parsed.reason, errors: parsed.errors });
      continue;
    }
    if (seen[parsed.kind].has(parsed.event.eventId)) {
      result.duplicates += 1;
      continue;
    }
    if (parsed.kind === 'outcome') {
      seen.outcome.add(parsed.event.eventId);
      result.outcomes.push(parsed.event);
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
  }
  return result;
}
