import {
  DECISION_SCHEMA, type Decision, decisionIdOf, decisionSchema, type DriftAnalysis, type DriftEvidence, type MonitorSettings, monitorSettingsSchema,
} from '@modelgate/contracts';
import { DEFAULT_DETECTORS, type DetectorCheckpoint, type DetectorDrift, type DetectorSpec, emptyCheckpoint, feedErrorStream } from '@modelgate/stats';
import type { DataSource } from 'typeorm';
import { type SqlRunner, writeDecision } from '../decisions/decision.writer';
import { addSketches, dataDriftOf, detectorEvidence, retrainReason, type Sketches } from './drift-state';
import { type AnalysisRow, type MonitorRow, monitorSql, type ReferenceRow } from './monitor.repository';

/** Pairs fed per tick at most: a backlog is worked off over several ticks, each of bounded cost. */
const MAX_PAIRS_PER_TICK = 200_000;

export function monitorSettingsOf(row: MonitorRow): MonitorSettings {
  return monitorSettingsSchema.parse(row.settings ?? {});
}

/** Sums a window's bucket rows into one sketch per feature. */
export function sumRollups(rows: readonly { predictions: string; feature_sketches: Sketches }[]): { events: number; sketches: Sketches } {
  const sketches: Sketches = Object.create(null) as Sketches;
  let events = 0;
  for (const row of rows) {
    events += Number(row.predictions);
    addSketches(sketches, row.feature_sketches);
  }
  return { events, sketches };
}

/**
 * The reference in use: the stored one, or, for `first_window` and `fixed_window`, read once from
 * the version rollups when its window has passed and stored as sketches (undefined until then).
 */
async function referenceOf(db: SqlRunner, monitor: MonitorRow, settings: MonitorSettings, now: Date): Promise<ReferenceRow | undefined> {
  const stored = await monitorSql.reference(db, monitor.id);
  if (stored || settings.reference.kind === 'uploaded') return stored;
  let window: { start: Date; end: Date };
  if (settings.reference.kind === 'fixed_window') {
    window = { start: new Date(settings.reference.start), end: new Date(settings.reference.end) };
  } else {
    const first = await monitorSql.firstBucket(db, monitor.model, monitor.version);
    if (!first) return undefined;
    window = { start: first, end: new Date(first.getTime() + settings.reference.seconds * 1000) };
  }
  if (window.end > now) return undefined;
  const { events, sketches } = sumRollups(await monitorSql.windowRollups(db, monitor.model, monitor.version, window.start, window.end));
  await monitorSql.saveReference(db, monitor.id, { kind: settings.reference.kind, ...window, events, sketches, keyId: null });
  return monitorSql.reference(db, monitor.id);
}

function detectorSpecs(settings: MonitorSettings): readonly DetectorSpec[] {
  return settings.detectors ?? DEFAULT_DETECTORS;
}

/** Evidence as stored in drift_analyses, mapped to the api's DriftAnalysis. */
export function toAnalysis(row: AnalysisRow, monitor: MonitorRow): DriftAnalysis {
  const evidence = row.evidence as { drift: DriftEvidence | null };
  return {
    id: row.id,
    monitorId: row.monitor_id,
    model: monitor.model,
    version: monitor.version,
    window: { start: row.window_start.toISOString(), end: row.window_end.toISOString() },
    state: row.state,
    drift: evidence.drift,
    notes: row.notes,
    decisionId: row.decision_id,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * One tick of a monitor, in one transaction: data and prediction drift of the current window
 * against the reference (sketches only), the detectors fed with the pairs joined since their
 * checkpoint, the analysis row, the checkpoint, and — once per episode of real drift — a
 * `retrain` decision with its outbox rows. A crash before commit leaves the checkpoint where it
 * was, so the next tick feeds the same pairs again: the detectors resume exactly.
 */
export async function runDriftTick(dataSource: DataSource, monitorId: string, now: Date): Promise<DriftAnalysis | undefined> {
  return dataSource.transaction(async (db) => {
    const monitor = await monitorSql.byId(db, monitorId);
    if (!monitor) return undefined;
    const checkpoint = await monitorSql.lockCheckpoint(db, monitorId);
    const settings = monitorSettingsOf(monitor);
    const notes: string[] = [];
    const window = { start: new Date(now.getTime() - settings.windowSeconds * 1000), end: now };

    const reference = await referenceOf(db, monitor, settings, now);
    const current = sumRollups(await monitorSql.windowRollups(db, monitor.model, monitor.version, window.start, window.end));
    if (!reference) notes.push(settings.reference.kind === 'uploaded' ? 'no reference yet: upload one with POST …/reference' : 'no reference yet: its window has not passed');
    const data = reference ? dataDriftOf(reference.feature_sketches, current.sketches, settings, notes) : undefined;

    const pairs = await monitorSql.pairsSince(db, monitor.model, monitor.version, checkpoint.last_seq, MAX_PAIRS_PER_TICK);
    const stream = pairs.map((p): [number, number] => [p.error ? 1 : 0, p.joined_at.getTime()]);
    const previous = checkpoint.detectors as DetectorCheckpoint[];
    const fed = detectorSpecs(settings).map((spec) => {
      const saved = previous.find((c) => c.detector === spec.detector) ?? emptyCheckpoint(spec.detector);
      return feedErrorStream(spec, saved, stream);
    });
    const drifts: DetectorDrift[] = fed.flatMap((f) => f.drifts).sort((a, b) => a.index - b.index);
    const detectors = fed.map((f) => detectorEvidence(f.checkpoint, f.drifts[0]));

    const real = (data?.datasetDrifted ?? false) || drifts.length > 0;
    const warned = detectors.some((d) => d.state === 'warning') || (data?.features.some((f) => f.drifted) ?? false) || (data?.prediction?.drifted ?? false);
    const state = real ? 'drift' : warned ? 'warning' : reference ? 'stable' : 'waiting';
    const evidence: DriftEvidence = {
      model: monitor.model,
      version: monitor.version,
      reference: {
        kind: reference?.kind ?? settings.reference.kind,
        start: reference?.window_start?.toISOString() ?? null,
        end: reference?.window_end?.toISOString() ?? null,
      },
      features: data?.features ?? [],
      driftShare: data?.driftShare ?? 0,
      driftShareThreshold: settings.driftShare,
      datasetDrifted: data?.datasetDrifted ?? false,
      prediction: data?.prediction ?? null,
      detectors,
    };

    // Once per episode: a new retrain only after the drift resolved (or the reference changed).
    const episode = real && !checkpoint.drifting ? checkpoint.episode + 1 : checkpoint.episode;
    const decision = real && !checkpoint.drifting ? await retrainDecision(db, monitor, episode, evidence, drifts, window, now) : null;
    if (decision) await writeDecision(db, decision);
    await monitorSql.saveCheckpoint(db, monitorId, {
      lastSeq: pairs.length > 0 ? pairs[pairs.length - 1]!.seq : checkpoint.last_seq,
      detectors: fed.map((f) => f.checkpoint),
      episode,
      drifting: real,
    });
    const row = await monitorSql.insertAnalysis(db, {
      monitorId, ...window, state, evidence: { drift: evidence, window: { start: window.start.toISOString(), end: window.end.toISOString() }, events: current.events, pairs: pairs.length }, notes, decisionId: decision?.id ?? null,
    });
    return toAnalysis({ ...row, monitor_id: monitorId, window_start: window.start, window_end: window.end, state, evidence: { drift: evidence }, notes, decision_id: decision?.id ?? null }, monitor);
  });
}

async function retrainDecision(
  db: SqlRunner,
  monitor: MonitorRow,
  episode: number,
  drift: DriftEvidence,
  drifts: readonly DetectorDrift[],
  window: { start: Date; end: Date },
  now: Date,
): Promise<Decision> {
  // A retrain during a rollout names the deployment and which version drifted; it moves no traffic.
  const deployment = await monitorSql.liveDeploymentOf(db, monitor.model, monitor.version);
  const where = deployment ? `${deployment.variant} of ${deployment.strategy} ${deployment.id.slice(0, 8)}` : null;
  return decisionSchema.parse({
    schema: DECISION_SCHEMA,
    id: decisionIdOf(`monitor:${monitor.id}:episode:${episode}`),
    deploymentId: deployment?.id ?? null,
    monitorId: monitor.id,
    analysisId: null,
    model: monitor.model,
    strategy: deployment?.strategy ?? null,
    canaryForm: deployment?.canary_form === 'rolling' || deployment?.canary_form === 'parallel' ? deployment.canary_form : null,
    baselineVersion: deployment?.baseline_version ?? null,
    candidateVersion: deployment?.candidate_version ?? null,
    version: monitor.version,
    action: 'retrain',
    phaseBefore: null,
    phaseAfter: null,
    step: null,
    share: null,
    reason: retrainReason(drift, drifts, window.start.getTime(), where),
    evidence: {
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
      comparison: 'before',
      referenceWindow: drift.reference.start && drift.reference.end ? { start: drift.reference.start, end: drift.reference.end } : null,
      variants: [],
      tests: [],
      srm: null,
      sampleGuard: null,
      drift,
      counters: { failures: 0, inconclusive: 0, consecutiveErrors: 0 },
      notes: [`monitor ${monitor.id}, drift episode ${episode}`],
    },
    madeAt: now.toISOString(),
  });
}
