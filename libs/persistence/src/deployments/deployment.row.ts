import type { Deployment, DeploymentArm, DeploymentPhase, DeploymentSettings, DeploymentStrategy, LiveDeployment } from '@modelgate/contracts';
import { initialState, type RolloutSettings, type RolloutState } from '@modelgate/rollouts';

/** A `deployments` row with its variants and step shares aggregated (see DeploymentRepository). */
export interface DeploymentRow {
  id: string;
  model: string;
  name: string;
  strategy: DeploymentStrategy;
  phase: DeploymentPhase;
  baseline_version: string;
  candidate_version: string | null;
  settings: DeploymentSettings;
  targeting: Deployment['targeting'];
  salt: string;
  ab_salt: string;
  current_step: number;
  /** numeric(5,2) as text: percent, exact. */
  candidate_share: string;
  state: RolloutState | null;
  created_at: Date;
  updated_at: Date;
  variants: { name: string; version: string; weight: string }[];
  steps: string[];
}

/** `candidate_share` (percent, two decimals) in buckets of 10 000, exactly. */
const bucketsOf = (percent: string): number => Math.round(Number.parseFloat(percent) * 100);

const armsOf = (row: DeploymentRow): DeploymentArm[] =>
  row.strategy === 'ab_test' ? row.variants.map((v) => ({ name: v.name, version: v.version, weight: Number.parseFloat(v.weight) })) : [];

/** The engine's state of a row; rows written before the engine existed have none yet. */
export const stateOf = (row: DeploymentRow): RolloutState => row.state ?? { ...initialState(), phase: row.phase, stepIndex: row.current_step, share: Number.parseFloat(row.candidate_share) };

/** The api's view of a deployment. */
export function toDeployment(row: DeploymentRow): Deployment {
  const state = stateOf(row);
  return {
    ...row.settings,
    id: row.id,
    name: row.name,
    model: row.model,
    baselineVersion: row.baseline_version,
    candidateVersion: row.candidate_version ?? row.baseline_version,
    strategy: row.strategy,
    phase: row.phase,
    salt: row.salt,
    steps: row.steps.map(Number.parseFloat),
    currentStep: row.current_step,
    candidateShare: Number.parseFloat(row.candidate_share),
    targeting: row.targeting,
    arms: armsOf(row),
    promotedVersion: state.promotedVersion,
    analyses: state.analyses,
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
    phase: row.phase,
    salt: row.salt,
    abSalt: row.ab_salt,
    baselineVersion: row.baseline_version,
    candidateVersion: row.candidate_version ?? row.baseline_version,
    candidateBuckets: bucketsOf(row.candidate_share),
    arms: armsOf(row),
    randomisation: row.settings.randomisation ?? 'unit',
    targeting: row.targeting,
    promotedVersion: row.state?.promotedVersion ?? null,
  };
}

/** The policy the engine evaluates a row with. */
export function settingsOf(row: DeploymentRow): RolloutSettings {
  const candidateVersion = row.candidate_version ?? row.baseline_version;
  const arms = row.strategy === 'ab_test' ? armsOf(row) : [
    { name: 'baseline', version: row.baseline_version, weight: 1 },
    { name: 'candidate', version: candidateVersion, weight: 1 },
  ];
  const { intervalSeconds: _interval, randomisation: _randomisation, ...policy } = row.settings;
  return { ...policy, strategy: row.strategy, baselineVersion: row.baseline_version, candidateVersion, arms, steps: row.steps.map(Number.parseFloat) };
}
