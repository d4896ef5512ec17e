import type { Assignment } from '@modelgate/contracts';
import { bucketOf } from '../hash/bucket';
import { answer, type CompiledDeployment } from '../routing/compiled-deployment';

/**
 * Rolling: each request lands on a replaced instance with probability equal to the replaced
 * share; the request id (not the unit) is hashed, so a unit moves between versions.
 */
export function routeRolling(d: CompiledDeployment, requestId: string): Assignment {
  const onReplaced = bucketOf(d.requestSalt, requestId) < d.deployment.candidateBuckets;
  return answer(d, onReplaced ? d.deployment.candidateVersion : d.deployment.baselineVersion, 'rolling', 'rolling_share');
}
