import type { DeploymentArm, DeploymentPhase, DeploymentStrategy } from '@modelgate/contracts';
import type { RolloutState } from '../types';

/** What a new deployment routes as: its baseline and candidate, or its A/B arms. */
export interface VariantsRequest {
  strategy: DeploymentStrategy;
  baselineVersion: string;
  candidateVersion: string;
  arms?: DeploymentArm[];
}

/**
 * The variants a deployment stores: A/B arms with weights normalised to fractions of 1 (six
 * decimals, the column's scale), otherwise `baseline` and `candidate` (weights unused).
 * @example armWeights({ strategy: 'ab_test', baselineVersion: 'v1', candidateVersion: 'v2' }) // baseline 0.5, candidate 0.5
 */
export function armWeights(request: VariantsRequest): DeploymentArm[] {
  if (request.strategy !== 'ab_test') {
    return [
      { name: 'baseline', version: request.baselineVersion, weight: 0 },
      { name: 'candidate', version: request.candidateVersion, weight: 0 },
    ];
  }
  const arms = request.arms ?? [
    { name: 'baseline', version: request.baselineVersion, weight: 1 },
    { name: 'candidate', version: request.candidateVersion, weight: 1 },
  ];
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  return arms.map((arm) => ({ ...arm, weight: Math.round((arm.weight / total) * 1e6) / 1e6 }));
}

/**
 * A deployment's salts from random bytes the caller drew (this library has no RNG): its own salt
 * for canary and per-request buckets, and the A/B salt derived from it (published in the README),
 * so that two deployments split units independently and A/B arms never correlate with a canary.
 * @example saltsOf('animal-classifier', Uint8Array.of(1, 2)) // { salt: 'animal-classifier:0102', abSalt: 'animal-classifier:0102/ab' }
 */
export function saltsOf(model: string, randomBytes: Uint8Array): { salt: string; abSalt: string } {
  const salt = `${model}:${Buffer.from(randomBytes).toString('hex')}`;
  return { salt, abSalt: `${salt}/ab` };
}

/** The state of a deployment before it starts: everyone on the baseline. */
export function initialState(): RolloutState {
  return {
    phase: 'pending',
    stepIndex: -1,
    share: 0,
    startedAt: null,
    stepStartedAt: null,
    phaseStartedAt: null,
    pausedFrom: null,
    counters: { failures: 0, inconclusive: 0, consecutiveErrors: 0 },
    promotedVersion: null,
    analyses: 0,
  };
}

/** Phases the worker analyses: live ones (a paused deployment is analysed, and decides nothing). */
export const analysedPhases: readonly DeploymentPhase[] = ['progressing', 'awaiting_approval', 'paused', 'watching'];

/**
 * What assignment routes for a state: the phase, and the candidate's share as the `candidate_share`
 * column stores it (percent, two decimals). A final phase routes by phase alone (baseline or the
 * promoted version), so its share says what everyone gets: 0 or 100.
 */
export function routingOf(state: RolloutState): { phase: DeploymentPhase; share: number; promotedVersion: string | null } {
  const share = state.phase === 'rolled_back' || state.phase === 'stopped' || state.phase === 'pending' ? 0 : state.phase === 'promoted' ? 100 : state.share;
  return { phase: state.phase, share: Math.round(Math.min(100, Math.max(0, share)) * 100) / 100, promotedVersion: state.promotedVersion };
}
