import type { MonitorReferenceSettings } from '@modelgate/contracts';
import type { SqlRunner } from '../decisions/decision.writer';
import type { Sketches } from './drift-state';

export interface MonitorRow {
  id: string;
  model: string;
  version: string;
  settings: unknown;
  created_at: Date;
  updated_at: Date;
}

export interface ReferenceRow {
  kind: MonitorReferenceSettings['kind'];
  window_start: Date | null;
  window_end: Date | null;
  events: string;
  feature_sketches: Sketches;
  created_at: Date;
}

export interface CheckpointRow {
  last_seq: string;
  detectors: unknown[];
  episode: number;
  drifting: boolean;
}

/** The live deployment a version belongs to (the newest), for the decision's deployment fields. */
export interface VersionDeploymentRow {
  id: string;
  strategy: string;
  variant: string;
  baseline_version: string;
  candidate_version: string | null;
  canary_form: string | null;
}

/** Phases after which a deployment no longer moves traffic (design.md; the engine's phase names). */
const ENDED_PHASES = ['promoted', 'rolled_back', 'stopped'];

/** Queries of monitors and their drift state; every one runs in the caller's transaction or pool. */
export const monitorSql = {
  /** A monitor (default settings) for every version of every deployment that has none. */
  async upsertForDeployments(db: SqlRunner): Promise<void> {
    await db.query(`
      INSERT INTO monitors (model, version)
      SELECT DISTINCT d.model, v.version FROM deployments d JOIN deployment_variants v ON v.deployment_id = d.id
      ON CONFLICT (model, version) DO NOTHING`);
  },

  async all(db: SqlRunner): Promise<MonitorRow[]> {
    return (await db.query(`SELECT * FROM monitors ORDER BY model, version`)) as MonitorRow[];
  },

  async byVersion(db: SqlRunner, model: string, version: string): Promise<MonitorRow | undefined> {
    return ((await db.query(`SELECT * FROM monitors WHERE model = $1 AND version = $2`, [model, version])) as MonitorRow[])[0];
  },

  async byId(db: SqlRunner, id: string): Promise<MonitorRow | undefined> {
    return ((await db.query(`SELECT * FROM monitors WHERE id = $1`, [id])) as MonitorRow[])[0];
  },

  /** Creates or replaces a monitor's settings; returns the row and the settings it had before (null: new). */
  async put(db: SqlRunner, model: string, version: string, settings: unknown): Promise<{ row: MonitorRow; before: unknown }> {
    const before = await monitorSql.byVersion(db, model, version);
    const rows = (await db.query(
      `INSERT INTO monitors (model, version, settings) VALUES ($1, $2, $3)
       ON CONFLICT (model, version) DO UPDATE SET settings = excluded.settings, updated_at = now() RETURNING *`,
      [model, version, JSON.stringify(settings)],
    )) as MonitorRow[];
    return { row: rows[0]!, before: before?.settings ?? null };
  },

  async audit(db: SqlRunner, monitorId: string, action: string, keyId: string | null, detail: unknown): Promise<void> {
    await db.query(`INSERT INTO monitor_audit (monitor_id, action, key_id, detail) VALUES ($1, $2, $3, $4)`, [monitorId, action, keyId, JSON.stringify(detail)]);
  },

  async reference(db: SqlRunner, monitorId: string): Promise<ReferenceRow | undefined> {
    return ((await db.query(`SELECT * FROM monitor_references WHERE monitor_id = $1`, [monitorId])) as ReferenceRow[])[0];
  },

  /** Stores (or replaces) the reference and starts a new drift episode count against it. */
  async saveReference(
    db: SqlRunner,
    monitorId: string,
    ref: { kind: ReferenceRow['kind']; start: Date | null; end: Date | null; events: number; sketches: Sketches; keyId: string | null },
  ): Promise<void> {
    await db.query(
      `INSERT INTO monitor_references (monitor_id, kind, window_start, window_end, events, feature_sketches, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (monitor_id) DO UPDATE SET kind = excluded.kind, window_start = excluded.window_start, window_end = excluded.window_end,
         events = excluded.events, feature_sketches = excluded.feature_sketches, created_by = excluded.created_by, created_at = now()`,
      [monitorId, ref.kind, ref.start?.toISOString() ?? null, ref.end?.toISOString() ?? null, ref.events, JSON.stringify(ref.sketches), ref.keyId],
    );
    // A new reference ends the episode: the next real drift is a new one.
    await db.query(`UPDATE monitor_checkpoints SET drifting = false, updated_at = now() WHERE monitor_id = $1`, [monitorId]);
  },

  async dropReference(db: SqlRunner, monitorId: string): Promise<void> {
    await db.query(`DELETE FROM monitor_references WHERE monitor_id = $1`, [monitorId]);
    await db.query(`UPDATE monitor_checkpoints SET drifting = false, updated_at = now() WHERE monitor_id = $1`, [monitorId]);
  },

  /** The version's first bucket: when it went live. */
  async firstBucket(db: SqlRunner, model: string, version: string): Promise<Date | undefined> {
    const rows = (await db.query(`SELECT min(bucket_start) AS first FROM version_rollups WHERE model = $1 AND version = $2`, [model, version])) as { first: Date | null }[];
    return rows[0]?.first ?? undefined;
  },

  /** The version's sketches summed over [start, end): one row per bucket, so the cost is the window's, not the history's. */
  async windowRollups(db: SqlRunner, model: string, version: string, start: Date, end: Date): Promise<{ predictions: string; feature_sketches: Sketches }[]> {
    return (await db.query(
      `SELECT predictions, feature_sketches FROM version_rollups WHERE model = $1 AND version = $2 AND bucket_start >= $3 AND bucket_start < $4`,
      [model, version, start.toISOString(), end.toISOString()],
    )) as { predictions: string; feature_sketches: Sketches }[];
  },

  /** The checkpoint, locked for this tick (created empty on the first one). */
  async lockCheckpoint(db: SqlRunner, monitorId: string): Promise<CheckpointRow> {
    await db.query(`INSERT INTO monitor_checkpoints (monitor_id) VALUES ($1) ON CONFLICT (monitor_id) DO NOTHING`, [monitorId]);
    return ((await db.query(`SELECT * FROM monitor_checkpoints WHERE monitor_id = $1 FOR UPDATE`, [monitorId])) as CheckpointRow[])[0]!;
  },

  async saveCheckpoint(db: SqlRunner, monitorId: string, c: { lastSeq: string; detectors: unknown[]; episode: number; drifting: boolean }): Promise<void> {
    await db.query(`UPDATE monitor_checkpoints SET last_seq = $2, detectors = $3, episode = $4, drifting = $5, updated_at = now() WHERE monitor_id = $1`, [
      monitorId, c.lastSeq, JSON.stringify(c.detectors), c.episode, c.drifting,
    ]);
  },

  /** The version's labelled pairs joined after `afterSeq`, in join order, at most `limit`. */
  async pairsSince(db: SqlRunner, model: string, version: string, afterSeq: string, limit: number): Promise<{ seq: string; error: boolean; joined_at: Date }[]> {
    return (await db.query(
      `SELECT seq, error, joined_at FROM labelled_pairs WHERE model = $1 AND version = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [model, version, afterSeq, limit],
    )) as { seq: string; error: boolean; joined_at: Date }[];
  },

  async liveDeploymentOf(db: SqlRunner, model: string, version: string): Promise<VersionDeploymentRow | undefined> {
    return ((await db.query(
      `SELECT d.id, d.strategy, v.name AS variant, d.baseline_version, d.candidate_version, d.settings ->> 'canaryForm' AS canary_form
       FROM deployments d JOIN deployment_variants v ON v.deployment_id = d.id
       WHERE d.model = $1 AND v.version = $2 AND NOT (d.phase = ANY($3::text[]))
       ORDER BY d.created_at DESC LIMIT 1`,
      [model, version, ENDED_PHASES],
    )) as VersionDeploymentRow[])[0];
  },

  async insertAnalysis(
    db: SqlRunner,
    a: { monitorId: string; start: Date; end: Date; state: string; evidence: unknown; notes: string[]; decisionId: string | null },
  ): Promise<{ id: string; created_at: Date }> {
    const rows = (await db.query(
      `INSERT INTO drift_analyses (monitor_id, window_start, window_end, state, evidence, notes, decision_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
      [a.monitorId, a.start.toISOString(), a.end.toISOString(), a.state, JSON.stringify(a.evidence), JSON.stringify(a.notes), a.decisionId],
    )) as { id: string; created_at: Date }[];
    return rows[0]!;
  },

  async analyses(db: SqlRunner, monitorId: string, limit: number): Promise<AnalysisRow[]> {
    return (await db.query(`SELECT * FROM drift_analyses WHERE monitor_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [monitorId, limit])) as AnalysisRow[];
  },
};

export interface AnalysisRow {
  id: string;
  monitor_id: string;
  window_start: Date;
  window_end: Date;
  state: 'stable' | 'warning' | 'drift' | 'waiting';
  evidence: unknown;
  notes: string[];
  decision_id: string | null;
  created_at: Date;
}
