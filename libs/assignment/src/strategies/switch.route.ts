import type { Assignment } from '@modelgate/contracts';
import { bucketCount } from '../hash/bucket';
import { answer, type CompiledDeployment } from '../routing/compiled-deployment';

/** Whether an all-at-once deployment has switched: its share is all buckets. */
const switched = (d: CompiledDeployment): boolean => d.deployment.candidateBuckets >= bucketCount;

/**
 * Blue/green: everyone on one colour (blue = baseline, green = candidate), switched at once. Before
 * the switch green answers mirrored copies of blue's requests (what the engine analyses then).
 */
export function routeBlueGreen(d: CompiledDeployment): Assignment {
  return switched(d)
    ? answer(d, d.deployment.candidateVersion, 'green', 'blue_green_active')
    : answer(d, d.deployment.baselineVersion, 'blue', 'blue_green_active', [d.deployment.candidateVersion]);
}

/** Recreate: one version for everyone, the candidate once cut over. */
export function routeRecreate(d: CompiledDeployment): Assignment {
  return answer(d, switched(d) ? d.deployment.candidateVersion : d.deployment.baselineVersion, 'all', 'recreate_current');
}

/** Shadow: the baseline answers; the candidate receives a mirrored copy. */
export function routeShadow(d: CompiledDeployment): Assignment {
  return answer(d, d.deployment.baselineVersion, 'shadow', 'shadow_mirror', [d.deployment.candidateVersion]);
}
