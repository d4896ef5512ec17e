import type { Targeting } from './targeting.dto';

/** The six rollout strategies of design.md. */
export type DeploymentStrategy =
  /** Everyone moves to the candidate at once, after a cut-over. */
  | 'recreate'
  /** Instances are replaced step by step; traffic follows the instance share, not sticky. */
  | 'rolling'
  /** Nobody, then everyone at once (switch). */
  | 'blue_green'
  /** A sticky cohort of units, growing monotonically. */
  | 'canary'
  /** Units (or requests) split between weighted arms. */
  | 'ab_test'
  /** The baseline answers; the candidate gets a mirrored copy. */
  | 'shadow';

export const deploymentStrategies = ['recreate', 'rolling', 'blue_green', 'canary', 'ab_test', 'shadow'] as const satisfies readonly DeploymentStrategy[];

/**
 * Where a deployment stands: one word (`phase`) in the database, the API, the decision record and
 * the docs. Each strategy's state machine (libs/rollouts) moves between these, as Flagger's phases.
 */
export type DeploymentPhase =
  /** Created, not started: everyone gets the baseline. */
  | 'pending'
  /** Live: the current step is routed and analysed (shadow mirroring, blue/green before the switch, A/B running). */
  | 'progressing'
  /** The step passed its analysis and waits for a person (`POST /v1/deployments/:id/approve`). */
  | 'awaiting_approval'
  /** Held by an operator: routing stays as it is, analyses record but decide nothing. */
  | 'paused'
  /** Everyone has the candidate (promoted, or blue/green switched); still analysed against the last verified version. */
  | 'watching'
  /** Done: everyone gets the promoted version. */
  | 'promoted'
  /** Done: everyone gets the baseline (the last verified version); the candidate is rejected. */
  | 'rolled_back'
  /** Done without a winner (an A/B test at its maximum duration): everyone gets the baseline. */
  | 'stopped';

export const deploymentPhases = [
  'pending',
  'progressing',
  'awaiting_approval',
  'paused',
  'watching',
  'promoted',
  'rolled_back',
  'stopped',
] as const satisfies readonly DeploymentPhase[];

/** One version's role in a deployment: `baseline`, `candidate`, or an A/B arm name. */
export interface DeploymentArm {
  name: string;
  version: string;
  /** Relative weight (A/B arms); the shares are weight / sum of weights. */
  weight: number;
}

/**
 * What assignment needs to know about one deployment: a plain value, cached in memory by the api
 * and reproducible by any gateway. The share is kept as `candidateBuckets`, of 10 000 buckets.
 */
export interface LiveDeployment {
  id: string;
  model: string;
  strategy: DeploymentStrategy;
  phase: DeploymentPhase;
  /** The deployment's own hash salt: canary buckets, and (+ "/request") per-request buckets. */
  salt: string;
  /** The A/B salt: differs from `salt`, so A/B arms never correlate with the canary cohort. */
  abSalt: string;
  baselineVersion: string;
  candidateVersion: string;
  /** The candidate's share in buckets of 10 000 (percent × 100): canary cohort, rolling instance share; 0 or 10 000 for the switches. */
  candidateBuckets: number;
  /** ab_test arms (at least two); other strategies leave it empty. */
  arms: DeploymentArm[];
  /** ab_test: randomise per unit (sticky) or per request. */
  randomisation: 'unit' | 'request';
  /** Who is eligible for anything but the baseline; absent means everyone. */
  targeting: Targeting | null;
  /** The version everyone gets once `phase` is `promoted` or `watching` (the winning arm for A/B). */
  promotedVersion: string | null;
}
