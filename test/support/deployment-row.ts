import type { Pool } from 'pg';

/**
 * A deployment row of the animal classifier (v1 → v2 canary, candidate at 10 %) written with plain
 * SQL, for the tests that only need one to exist: ingest (events name it), the outbox and the gates
 * (decisions name it). It stays `pending`, so a worker never analyses it and every decision on it is
 * the test's. The tests of the engine create theirs through the api.
 */
export async function insertDeployment(db: Pool, model: string, name = model): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployments (model, name, strategy, phase, baseline_version, candidate_version, salt, ab_salt)
     VALUES ($1, $2, 'canary', 'pending', 'v1', 'v2', 'salt-' || $1, 'ab-salt-' || $1) RETURNING id`,
    [model, name],
  );
  const id = rows[0]!.id;
  await db.query(`INSERT INTO deployment_variants (deployment_id, name, version, weight) VALUES ($1, 'baseline', 'v1', 0.9), ($1, 'candidate', 'v2', 0.1)`, [id]);
  return id;
}
