import type { OutcomeEvent } from '@modelgate/contracts';
import type { ResolvedPrediction } from '../batch/classify-events';
import { computeRollups, type RollupDelta } from '../rollups/compute-rollups';
import { pairAgreements } from './agreement-pairs';
import { joinPairs, stablePredictionsOf, storedOutcomesOf, storedPredictionsOf } from './join-pairs';
import { SKEW_MS } from './occurred-span';
import { inDeployment, writeVersionAggregates } from './version-rollups';
import { copyField } from './pg-copy';

/** Runs SQL inside the caller's transaction (a TypeORM EntityManager from `dataSource.transaction`). */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  /** `COPY … FROM STDIN` of text-format lines on the same connection, when the caller has one. */
  copy?(sql: string, rows: readonly string[]): Promise<void>;
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
export const JOIN_LOCK_KEY = 0x6d67_6a6e; // "mgjn"

// Every read under the lock finds a batch's partners by key (request or event ids), and every other
// consumer waits for it, so for this transaction only (`is_local`), set in the lock's own statement:
// - no sequential scans: given a few thousand ids the planner prefers scanning a day's partition of up to
//   a few million rows to as many index probes (costed as disk reads; the recent days' indexes are in
//   memory): 82 ms instead of 6 ms for 5 800 request ids in a partition of a million outcomes, measured;
// - generic plans: planning `request_id = ANY(<thousands of ids>)` estimates every id against every
//   partition's statistics: 39 ms (recent days) and 67 ms (older days) of planning per outcome batch in
//   a store of 50 M rows over 14 days, as long as running them (bench:ingest-growth).
const LOOKUP_SETTINGS = `set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)`;
const JOIN_LOCK_SQL = `SELECT pg_advisory_xact_lock($1), ${LOOKUP_SETTINGS}`;

/**
 * Lets a batch look up its new outcomes' predictions timestamped a day (SKEW_MS) or more before the
 * ingest clock before it takes the join lock: the older partitions (3 µs per request id and
 * partition) and the start of the recent ones, which under the lock every other consumer waited for
 * (outcomes ingested before their predictions, as in a backlog, look in all 14 days: ~40 % of the
 * extra time under the lock in a 50 M-row store, bench:ingest-growth). Only a late prediction
 * (LATE_PREDICTION_MS) is stored there: its batch takes this lock exclusively (before the join lock,
 * so the two are always taken in one order), and a batch with new outcomes holds it shared from
 * before that lookup to its commit. So a late prediction is committed either before the lookup reads
 * (which finds it) or after the outcome's commit (and its own lookup of outcomes finds the outcome).
 */
export const LATE_LOCK_KEY = 0x6d67_6c74; // "mglt"
const lateLockSql = (exclusive: boolean) => `SELECT pg_advisory_xact_lock${exclusive ? '' : '_shared'}($1), ${LOOKUP_SETTINGS}`;

/** How old a prediction is late, before the ingest clock: a day less an hour, for ingest replicas whose clocks disagree. */
export const LATE_PREDICTION_MS = SKEW_MS - 3_600_000;

// Predictions, the bulk of the traffic, are COPYed straight into the table (COPY measured ~1.7x
// faster than any INSERT form for a batch of 2 500). A replayed or duplicated id makes COPY fail with
// a unique violation: the batch then falls back, from a savepoint, to INSERT … ON CONFLICT DO NOTHING.
// (Probing the ids first cost as much as the COPY itself: duplicates are the exception, pay only then.) That fallback and the outcomes travel as one JSON array expanded
// by jsonb_to_recordset: measured ~1.5-2x faster than 14 unnest() arrays and than COPY into a
// staging table plus INSERT … SELECT.
const PREDICTION_COLUMNS = `event_id, deployment_id, variant, model, version, unit_id, request_id, occurred_at,
  features, label, scores, latency_ms, error, shadow`;
const COPY_PREDICTIONS_SQL = `COPY prediction_events (${PREDICTION_COLUMNS}) FROM STDIN`;
const UNIQUE_VIOLATION = '23505';

const INSERT_PREDICTIONS_SQL = `
  INSERT INTO prediction_events (${PREDICTION_COLUMNS})
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, deployment_id uuid, variant text, model text,
    version text, unit_id text, request_id text, occurred_at timestamptz, features jsonb, label text, scores jsonb,
    latency_ms float8, error text, shadow bool)
  ON CONFLICT (event_id, occurred_at) DO NOTHING
  RETURNING event_id`;

const INSERT_OUTCOMES_SQL = `
  INSERT INTO outcome_events (event_id, request_id, unit_id, occurred_at, label, value)
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(event_id uuid, request_id text, unit_id text, occurred_at timestamptz, label text, value float8)
  ON CONFLICT (event_id, occurred_at) DO NOTHING
  RETURNING event_id`;

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

/**
 * Writes one batch inside the caller's transaction: bulk inserts keyed by event id and timestamp (`ON
 * CONFLICT DO NOTHING … RETURNING`, so only newly inserted rows count), completes prediction-outcome joins,
 * and adds the rollup deltas of exactly those new rows. A replay therefore changes nothing.
 * Rows are written in key order so that concurrent batches with overlapping ids cannot deadlock.
 */
export async function writeEventBatch(
  db: SqlExecutor,
  batch: { predictions: readonly ResolvedPrediction[]; outcomes: readonly OutcomeEvent[] },
  bucketMs: number,
  /** The ingest clock (ms), which tells late predictions (LATE_PREDICTION_MS). */
  now: number,
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

  const fresh = predictions.filter((p) => newPredictionIds.has(p.event.eventId));
  const deployed = fresh.filter(inDeployment);
  const freshOutcomes = outcomes.filter((o) => newOutcomeIds.has(o.eventId));
  const freshIds = fresh.map((p) => p.event.eventId);
  const lateBefore = now - LATE_PREDICTION_MS;
  const late = fresh.some((p) => !(Date.parse(p.event.timestamp) >= lateBefore)); // an unreadable timestamp counts as late
  if (late || freshOutcomes.length > 0) await db.query(lateLockSql(late), [LATE_LOCK_KEY]);
  const stableBefore = new Date(now - SKEW_MS).toISOString();
  const stable = await stablePredictionsOf(db, freshOutcomes, freshIds, stableBefore);
  await db.query(JOIN_LOCK_SQL, [JOIN_LOCK_KEY]);
  const storedOutcomes = await storedOutcomesOf(db, fresh);
  const storedPredictions = await storedPredictionsOf(db, freshOutcomes, freshIds, stable, stableBefore);
  const pairs = joinPairs(deployed, freshOutcomes, storedOutcomes, storedPredictions);
  await upsertRollups(db, computeRollups(deployed, pairs, bucketMs));
  await writeVersionAggregates(db, fresh, freshOutcomes, storedOutcomes, storedPredictions, bucketMs);
  await pairAgreements(db, deployed, bucketMs);
  return { ...written, joins: pairs.length };
}

async function insertPredictions(db: SqlExecutor, rows: readonly ResolvedPrediction[]): Promise<Set<string>> {
  if (db.copy) {
    await db.query('SAVEPOINT copy_predictions');
    try {
      await db.copy(COPY_PREDICTIONS_SQL, rows.map(copyLine));
      await db.query('RELEASE SAVEPOINT copy_predictions');
      return new Set(rows.map((r) => r.event.eventId));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await db.query('ROLLBACK TO SAVEPOINT copy_predictions');
    }
  }
  const inserted = (await db.query(INSERT_PREDICTIONS_SQL, [JSON.stringify(rows.map(predictionRecord))])) as Array<{ event_id: string }>;
  return new Set(inserted.map((row) => row.event_id));
}

/** A prediction_events row, keyed by column name. */
function predictionRecord({ event, deploymentId, variant }: ResolvedPrediction) {
  return {
    event_id: event.eventId,
    deployment_id: deploymentId,
    variant,
    model: event.model,
    version: event.version,
    unit_id: event.unitId,
    request_id: event.requestId,
    occurred_at: event.timestamp,
    features: event.features,
    label: event.prediction?.label ?? null,
    scores: event.prediction?.scores ?? null,
    latency_ms: event.latencyMs,
    error: errorText(event),
    shadow: event.shadow,
  };
}

/** The same row as a COPY text line, columns in PREDICTION_COLUMNS order (straight from the event: no record in between). */
function copyLine({ event, deploymentId, variant }: ResolvedPrediction): string {
  const scores = event.prediction?.scores;
  // One template, no arrays: this runs for every prediction (ids and the timestamp need no escaping: the contract's patterns).
  return `${event.eventId}\t${copyField(deploymentId)}\t${copyField(variant)}\t${copyField(event.model)}\t${copyField(event.version)}\t${
    copyField(event.unitId)}\t${copyField(event.requestId)}\t${event.timestamp}\t${copyField(JSON.stringify(event.features))}\t${
    copyField(event.prediction?.label)}\t${copyField(scores && JSON.stringify(scores))}\t${event.latencyMs}\t${copyField(errorText(event))}\t${event.shadow}`;
}

function errorText(event: ResolvedPrediction['event']): string | null {
  return event.error ? [event.error.code, event.error.message].filter(Boolean).join(': ') : null;
}

async function insertOutcomes(db: SqlExecutor, rows: readonly OutcomeEvent[]): Promise<Set<string>> {
  const records = rows.map((event) => ({
    event_id: event.eventId,
    request_id: event.requestId,
    unit_id: event.unitId,
    occurred_at: event.timestamp,
    label: event.label ?? null,
    value: event.value ?? null,
  }));
  const inserted = (await db.query(INSERT_OUTCOMES_SQL, [JSON.stringify(records)])) as Array<{ event_id: string }>;
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
