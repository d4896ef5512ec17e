import type { Assignment } from '@modelgate/contracts';
import { bucketOf } from '../hash/bucket';
import { answer, type CompiledDeployment } from '../routing/compiled-deployment';

/**
 * A/B(/n): the A/B bucket (its own salt) picks the arm whose range holds it; per unit the
 * unit id is hashed (sticky), per request the request id.
 */
export function routeAbTest(d: CompiledDeployment, unitId: string, requestId: string): Assignment {
  const perRequest = d.deployment.randomisation === 'request';
  const bucket = perRequest ? bucketOf(d.requestSalt, requestId) : bucketOf(d.abSalt, unitId);
  let arm = 0;
  while (arm < d.armBounds.length - 1 && bucket >= d.armBounds[arm]!) arm++;
  const chosen = d.deployment.arms[arm]!;
  return answer(d, chosen.version, chosen.name, perRequest ? 'ab_request' : 'ab_unit', [], chosen.name);
}
