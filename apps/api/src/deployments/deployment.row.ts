import type { Deployment, DeploymentArm, DeploymentStatus, DeploymentStrategy, LiveDeployment } from '@modelgate/contracts';

/** What `deployments.settings` holds: the strategy's settings that have no column of their own. */
export interface DeploymentSettings {
  intervalSeconds: number;
  primaryMetric: Deployment['primaryMetric'];
  guardrails: Deployment['guardrails'];
  minSamples: number;
  margin: number;
  randomisation: 'unit' | 'request';
  promotedVersion?: string | null;
}

/** A `deployments` row with its variants and steps aggregated (see DeploymentRepository). */
export interface DeploymentRow {
  id: string;
  model: string;
  name: string;
  strategy: DeploymentStrategy;
  phase: string;
  baseline_version: string;
  candidate_version: string | null;
  settings: DeploymentSettings;
  targeting: Deployment['targeting'];
  canary_salt: string;
  ab_salt: string;
  current_step: number;
  traffic_percent: string;
  created_at: Date;
  updated_at: Date;
  variants: { name: string; version: string; weight: string }[];
  steps: string[];
}

const knownStatuses = new Set<string>(['pending', 'running', 'paused', 'promoted', 'rolled_back']);

/**
 * The phase column is shared with the rollout engine, which may use finer phases: any phase that
 * is not one of the statuses routes as `running`, except the initial `initializing` (`pending`).
 */
export function statusOf(phase: string): DeploymentStatus {
  if (knownStatuses.has(phase)) return phase as DeploymentStatus;
  return phase === 'initializing' ? 'pending' : 'running';
}

/** `traffic_percent` (numeric(5,2)) in basis points, exactly. */
const basisPoints = (percent: string): number => Math.round(Number.parseFloat(percent) * 100);

const armsOf = (row: DeploymentRow): DeploymentArm[] =>
  row.strategy === 'ab_test' ? row.variants.map((v) => ({ name: v.name, version: v.version, weight: Number.parseFloat(v.weight) })) : [];

/** The api's view of a deployment. */
export function toDeployment(row: DeploymentRow): Deployment {
  const { settings } = row;
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    baselineVersion: row.baseline_version,
    candidateVersion: row.candidate_version ?? row.baseline_version,
    strategy: row.strategy,
    status: statusOf(row.phase),
    salt: row.canary_salt,
    steps: row.steps.map(Number.parseFloat),
    currentStep: row.current_step,
    candidateShare: basisPoints(row.traffic_percent),
    intervalSeconds: settings.intervalSeconds,
    primaryMetric: settings.primaryMetric,
    guardrails: settings.guardrails,
    minSamples: settings.minSamples,
    margin: settings.margin,
    targeting: row.targeting,
    arms: armsOf(row),
    randomisation: settings.randomisation,
    promotedVersion: settings.promotedVersion ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What assignment needs of a deployment. */
export function toLiveDeployment(row: DeploymentRow): LiveDeployment {
  return {
    id: row.id,
    model: row.model,
    strategy: row.strategy,
    status: statusOf(row.phase),
    salt: row.canary_salt,
    abSalt: row.ab_salt,
    baselineVersion: row.baseline_version,
    candidateVersion: row.candidate_version ?? row.baseline_version,
    candidateShare: basisPoints(row.traffic_percent),
    arms: armsOf(row),
    randomisation: row.settings.randomisation ?? 'unit',
    targeting: row.targeting,
    promotedVersion: row.settings.promotedVersion ?? null,
  };
}
