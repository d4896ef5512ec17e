import type { Assignment } from '@modelgate/contracts';
import { bucketOf } from '../hash/bucket';
import { answer, type CompiledDeployment } from '../routing/compiled-deployment';

/**
 * Canary: the unit is in the cohort when its bucket is below the share. Growing the share only
 * adds buckets, so a unit in the canary at 5 % stays in it at 10 %, 25 %, 50 % (monotone, sticky).
 */
export function routeCanary(d: CompiledDeployment, unitId: string): Assignment {
  const inCanary = bucketOf(d.canarySalt, unitId) < d.deployment.candidateBuckets;
  return inCanary
    ? answer(d, d.deployment.candidateVersion, 'canary', 'canary_in')
    : answer(d, d.deployment.baselineVersion, 'control', 'canary_out');
}
