import type { DeploymentStrategy } from '@modelgate/contracts';
import type { DeploymentResolution, DeploymentResolver } from '../batch/classify-events';

/** One variant of one deployment, as `deploymentVariantsQuery` returns it, oldest deployment first. */
export interface DeploymentVariantRow {
  /** Null (and variant and strategy too) for a watched version: a monitor's model and version. */
  deployment_id: string | null;
  model: string;
  variant: string | null;
  version: string;
  strategy: DeploymentStrategy | null;
}

/** Every variant of every deployment; later rows (newer deployments) win for the same model and version. Then every monitor. */
export const DEPLOYMENT_VARIANTS_SQL = `
  SELECT deployment_id, model, variant, version, strategy FROM (
    SELECT d.id AS deployment_id, d.model, v.name AS variant, v.version, d.strategy, d.created_at
    FROM deployments d JOIN deployment_variants v ON v.deployment_id = d.id
    UNION ALL
    SELECT NULL, m.model, NULL, m.version, NULL, NULL FROM monitors m
  ) AS rows
  ORDER BY deployment_id IS NULL, created_at, deployment_id`;

const WATCHED: DeploymentResolution = { ok: true, deploymentId: null, variant: null, strategy: null };

/**
 * Builds the resolver that tells which deployment and variant a prediction belongs to:
 * by its explicit deployment id and version, or else by model and version, the newest
 * deployment that lists that version winning. Pure: the rows are loaded by the caller.
 */
export function deploymentIndex(rows: readonly DeploymentVariantRow[]): DeploymentResolver {
  // Resolutions are built once here and shared by every event they resolve (nothing allocated per event).
  const byModelVersion = new Map<string, DeploymentResolution>();
  const byDeploymentVersion = new Map<string, DeploymentResolution>();
  const models = new Set<string>();
  const watched = new Set<string>();
  for (const row of rows) {
    if (row.deployment_id === null || row.variant === null || row.strategy === null) {
      watched.add(`${row.model}\u0000${row.version}`);
      continue;
    }
    models.add(row.model);
    const resolution = { ok: true, deploymentId: row.deployment_id, variant: row.variant, strategy: row.strategy } as const;
    byModelVersion.set(`${row.model}\u0000${row.version}`, resolution);
    byDeploymentVersion.set(`${row.deployment_id}\u0000${row.version}`, resolution);
  }
  return (event) => {
    if (event.deploymentId !== undefined) {
      const found = byDeploymentVersion.get(`${event.deploymentId}\u0000${event.version}`);
      return found !== undefined
        ? found
        : { ok: false, message: `deployment ${event.deploymentId} has no variant with version ${event.version}: check deploymentId, or omit it to resolve by model and version` };
    }
    const found = byModelVersion.get(`${event.model}\u0000${event.version}`);
    if (found !== undefined) return found;
    if (watched.has(`${event.model}\u0000${event.version}`)) return WATCHED;
    return {
      ok: false,
      message: models.has(event.model)
        ? `no deployment of ${event.model} has version ${event.version}: add it as a variant of a deployment first`
        : `unknown model ${event.model}: create a deployment of it before sending its events`,
    };
  };
}
