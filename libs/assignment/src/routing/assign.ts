import type { Assignment, UnitAttributes } from '@modelgate/contracts';
import { routeAbTest } from '../strategies/ab-test.route';
import { routeCanary } from '../strategies/canary.route';
import { routeRolling } from '../strategies/rolling.route';
import { routeBlueGreen, routeRecreate, routeShadow } from '../strategies/switch.route';
import { isEligible } from '../targeting/targeting';
import { answer, type CompiledDeployment } from './compiled-deployment';

/** One unit to assign, with what the caller knows about it. */
export interface AssignInput {
  unitId: string;
  attributes?: UnitAttributes;
  /** Hashed by per-request strategies (rolling, A/B per request); defaults to `newRequestId()`, then the unit id. */
  requestId?: string;
  /** Makes a request id when none is given, called only by the strategies that hash one. */
  newRequestId?: () => string;
  /** The version forced by `x-modelgate-version`, if the header was sent. */
  overrideVersion?: string;
  /** Whether the caller's key holds the override right; without it the header is ignored. */
  overrideAllowed?: boolean;
}

const noAttributes: UnitAttributes = {};

/**
 * Routes one unit: the override (when allowed and naming one of the deployment's versions), then
 * the deployment's phase, then targeting, then its strategy (design.md, "Cohort assignment").
 * Pure and deterministic: the same deployment and input give the same answer on every replica.
 * @example assign(compileDeployment(canaryAt5Percent), { unitId: 'user-4217' }).reason // 'canary_in' or 'canary_out'
 */
export function assign(d: CompiledDeployment, input: AssignInput): Assignment {
  const { deployment } = d;
  if (input.overrideVersion !== undefined && input.overrideAllowed === true && d.variantOf.has(input.overrideVersion)) {
    return answer(d, input.overrideVersion, 'override', 'override');
  }
  // Not started, rolled back, or stopped without a winner: everyone gets the baseline.
  if (deployment.phase === 'pending' || deployment.phase === 'rolled_back' || deployment.phase === 'stopped') {
    return answer(d, deployment.baselineVersion, 'control', deployment.phase);
  }
  if (!isEligible(deployment.targeting, input.attributes ?? noAttributes)) {
    return answer(d, deployment.baselineVersion, 'excluded', 'not_targeted');
  }
  // A shadow that passed and started its next deployment never served its candidate: the baseline
  // keeps answering here, and the next deployment (the model's newest) moves the traffic.
  if (deployment.strategy === 'shadow' && deployment.phase === 'promoted' && deployment.promotedVersion === null) {
    return answer(d, deployment.baselineVersion, 'control', 'promoted');
  }
  // Watching: everyone already has the promoted version, which is still analysed against the last verified one.
  if (deployment.phase === 'promoted' || deployment.phase === 'watching') {
    return answer(d, deployment.promotedVersion ?? deployment.candidateVersion, 'all', 'promoted');
  }
  const requestId = () => input.requestId ?? input.newRequestId?.() ?? input.unitId;
  switch (deployment.strategy) {
    case 'canary':
      return routeCanary(d, input.unitId);
    case 'rolling':
      return routeRolling(d, requestId());
    case 'blue_green':
      return routeBlueGreen(d);
    case 'recreate':
      return routeRecreate(d);
    case 'shadow':
      return routeShadow(d);
    case 'ab_test':
      return routeAbTest(d, input.unitId, requestId());
  }
}
