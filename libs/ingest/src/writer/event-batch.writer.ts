import type { OutcomeEvent } from '@modelgate/contracts';
import type { ResolvedPrediction } from '../batch/classify-events';
import { computeRollups, type JoinedPair, type RollupDelta } from '../rollups/compute-rollups';

/** Runs SQL inside the caller's transaction (a TypeORM EntityManager from `dataSource.transaction`). */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface WriteResult {
  predictionsWritten: number;
  outcomesWritten: number;
  /** Events already in the database (replays, duplicates from other batches). */
  duplicates: number;
  /** Prediction-outcome pairs completed by this batch. */
  joins: number;
}

/**
 * Serialises the join-and-rollup tail of concurrent ingest transactions. Without it, a prediction
 * and its outcome committed at the same time by two consumers would each miss the other and the
 * pair would never be counted. Held until commit (transaction-scoped).
 */
const JOIN_LOCK_KEY = 0x6d67_6a6e; // "mgjn"

const INSERT_PREDICTIONS_SQL = `
  INSERT INTO prediction_events (event_id, deployment_id, variant, model, version, unit_id, request_id,
                                 occurred_at, features, label, scores, latency_ms, error, shadow)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::timestamptz[], $9::jsonb[], $10::text[], $11::jsonb[], $12::float8[], $13::text[], $14::bool[])
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id`;

const INSERT_OUTCOMES_SQL = `
  INSERT INTO outcome_events (event_id, request_id, unit_id, occurred_at, label, value)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::float8[])
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id`;

// A pair is completed by whichever of its two events arrives last: join the new predictions to all
// outcomes and all predictions to the new outcomes; UNION drops a pair whose both halves are new.
const JOIN_SQL = `
  SELECT p.event_id AS prediction_id, o.event_id AS outcome_id, p.deployment_id, p.variant, p.occurred_at,
         p.label AS predicted_label, o.label AS true_label, o.value
  FROM prediction_events p JOIN outcome_events o ON o.request_id = p.request_id
  WHERE p.event_id = ANY($1::uuid[]) AND p.deployment_id IS NOT NULL
  UNION
  SELECT p.event_id, o.event_id, p.deployment_id, p.variant, p.occurred_at, p.label, o.label, o.value
  FROM outcome_events o JOIN prediction_events p ON p.request_id = o.request_id
  WHERE o.event_id = ANY($2::uuid[]) AND p.deployment_id IS NOT NULL`;

const UPSERT_ROLLUPS_SQL = `
  INSERT INTO rollups AS r (deployment_id, variant, bucket_start, predictions, errors, shadow_predictions, latency_sum,
                            latency_histogram, outcomes, outcome_values, outcome_sum, outcome_sum_squares, correct,
                            incorrect, feature_sketches)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int8[], $5::int8[], $6::int8[], $7::float8[],
                       $8::jsonb[], $9::int8[], $10::int8[], $11::float8[], $12::float8[], $13::int8[], $14::int8[], $15::jsonb[])
  ON CONFLICT (deployment_id, variant, bucket_start) DO UPDATE SET
    predictions = r.predictions + excluded.predictions,
    errors = r.errors + excluded.errors,
    shadow_predictions = r.shadow_predictions + excluded.shadow_predictions,
    latency_sum = r.latency_sum + excluded.latency_sum,
    latency_histogram = modelgate_sum_counts(r.latency_histogram, excluded.latency_histogram),
    outcomes = r.outcomes + excluded.outcomes,
    outcome_values = r.outcome_values + excluded.outcome_values,
    outcome_sum = r.outcome_sum + excluded.outcome_sum,
    outcome_sum_squares = r.outcome_sum_squares + excluded.outcome_sum_squares,
    correct = r.correct + excluded.correct,
    incorrect = r.incorrect + excluded.incorrect,
    feature_sketches = modelgate_sum_sketches(r.feature_sketches, excluded.feature_sketches)`;

interface JoinRow {
  deployment_id: string;
  variant: string;
  occurred_at: Date;
  predicted_label: string | null;
  true_label: string | null;
  value: number | null;
}

/**
 * Writes one batch inside the caller's transaction: bulk inserts keyed by event id (`ON CONFLICT
 * DO NOTHING … RETURNING`, so only newly inserted rows count), completes prediction-outcome joins,
 * and adds the rollup deltas of exactly those new rows. A replay therefore changes nothing.
 * Rows are written in key order so that concurrent batches with overlapping ids cannot deadlock.
 */
export async function writeEventBatch(
  db: SqlExecutor,
  batch: { predictions: readonly ResolvedPrediction[]; outcomes: readonly OutcomeEvent[] },
  bucketMs: number,
): Promise<WriteResult> {
  const predictions = [...batch.predictions].sort((a, b) => compare(a.event.eventId, b.event.eventId));
  const outcomes = [...batch.outcomes].sort((a, b) => compare(a.eventId, b.eventId));
  const newPredictionIds = predictions.length ? await insertPredictions(db, predictions) : new Set<string>();
  const newOutcomeIds = outcomes.length ? await insertOutcomes(db, outcomes) : new Set<string>();
  const written = {
    predictionsWritten: newPredictionIds.size,
    outcomesWritten: newOutcomeIds.size,
    duplicates: predictions.length + outcomes.length - newPredictionIds.size - newOutcomeIds.size,
    joins: 0,
  };
  if (newPredictionIds.size + newOutcomeIds.size === 0) return written;

  await db.query('SELECT pg_advisory_xact_lock($1)', [JOIN_LOCK_KEY]);
  const joinRows = (await db.query(JOIN_SQL, [[...newPredictionIds], [...newOutcomeIds]])) as JoinRow[];
  const pairs: JoinedPair[] = joinRows.map((row) => ({
    deploymentId: row.deployment_id,
    variant: row.variant,
    predictedAt: row.occurred_at,
    predictedLabel: row.predicted_label,
    trueLabel: row.true_label,
    value: row.value,
  }));
  const fresh = predictions.filter((p) => newPredictionIds.has(p.event.eventId));
  await upsertRollups(db, computeRollups(fresh, pairs, bucketMs));
  return { ...written, joins: pairs.length };
}

async function insertPredictions(db: SqlExecutor, rows: readonly ResolvedPrediction[]): Promise<Set<string>> {
  const inserted = (await db.query(INSERT_PREDICTIONS_SQL, [
    rows.map((r) => r.event.eventId),
    rows.map((r) => r.deploymentId),
    rows.map((r) => r.variant),
    rows.map((r) => r.event.model),
    rows.map((r) => r.event.version),
    rows.map((r) => r.event.unitId),
    rows.map((r) => r.event.requestId),
    rows.map((r) => r.event.timestamp),
    rows.map((r) => JSON.stringify(r.event.features)),
    rows.map((r) => r.event.prediction?.label ?? null),
    rows.map((r) => (r.event.prediction?.scores ? JSON.stringify(r.event.prediction.scores) : null)),
    rows.map((r) => r.event.latencyMs),
    rows.map((r) => (r.event.error ? [r.event.error.code, r.event.error.message].filter(Boolean).join(': ') : null)),
    rows.map((r) => r.event.shadow),
  ])) as Array<{ event_id: string }>;
  return new Set(inserted.map((row) => row.event_id));
}

async function insertOutcomes(db: SqlExecutor, rows: readonly OutcomeEvent[]): Promise<Set<string>> {
  const inserted = (await db.query(INSERT_OUTCOMES_SQL, [
    rows.map((r) => r.eventId),
    rows.map((r) => r.requestId),
    rows.map((r) => r.unitId),
    rows.map((r) => r.timestamp),
    rows.map((r) => r.label ?? null),
    rows.map((r) => r.value ?? null),
  ])) as Array<{ event_id: string }>;
  return new Set(inserted.map((row) => row.event_id));
}

async function upsertRollups(db: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  await db.query(UPSERT_ROLLUPS_SQL, [
    column((d) => d.deploymentId),
    column((d) => d.variant),
    column((d) => d.bucketStart.toISOString()),
    column((d) => d.predictions),
    column((d) => d.errors),
    column((d) => d.shadowPredictions),
    column((d) => d.latencySum),
    column((d) => JSON.stringify(d.latencyHistogram)),
    column((d) => d.outcomes),
    column((d) => d.outcomeValues),
    column((d) => d.outcomeSum),
    column((d) => d.outcomeSumSquares),
    column((d) => d.correct),
    column((d) => d.incorrect),
    column((d) => JSON.stringify(d.featureSketches)),
  ]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
