import type { Assignment, AssignmentReason, LiveDeployment } from '@modelgate/contracts';
import { bucketCount } from '../hash/bucket';

/**
 * A live deployment with what assignment derives from it computed once, when the cache
 * refreshes, instead of on every request.
 */
export interface CompiledDeployment {
  deployment: LiveDeployment;
  /** Salt of the sticky canary buckets: the deployment's own. */
  canarySalt: string;
  /** Salt of the A/B buckets: different from the canary's, so the two splits never correlate. */
  abSalt: string;
  /** Salt of per-request buckets (rolling, A/B per request). */
  requestSalt: string;
  /** Exclusive upper bucket of each A/B arm, cumulative; the last is 10 000. */
  armBounds: number[];
  /** The variant name of every version this deployment routes to. */
  variantOf: Map<string, string>;
}

/** The A/B salt the api gives a new deployment (published in the README's spec). */
export const abSaltOf = (salt: string): string => `${salt}/ab`;
/** The per-request salt derived from a deployment salt (published in the README's spec). */
export const requestSaltOf = (salt: string): string => `${salt}/request`;

/**
 * Precomputes salts and A/B arm bounds: arm i covers buckets
 * `[round(10000 * W(i-1) / W), round(10000 * W(i) / W))` with W(i) the cumulative weight.
 */
export function compileDeployment(deployment: LiveDeployment): CompiledDeployment {
  const total = deployment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let cumulative = 0;
  const armBounds = deployment.arms.map((arm, i) => {
    cumulative += arm.weight;
    return i === deployment.arms.length - 1 ? bucketCount : Math.round((bucketCount * cumulative) / total);
  });
  const variantOf = new Map<string, string>([
    [deployment.baselineVersion, 'baseline'],
    [deployment.candidateVersion, 'candidate'],
  ]);
  for (const arm of deployment.arms) if (!variantOf.has(arm.version)) variantOf.set(arm.version, arm.name);
  return {
    deployment,
    canarySalt: deployment.salt,
    abSalt: deployment.abSalt,
    requestSalt: requestSaltOf(deployment.salt),
    armBounds,
    variantOf,
  };
}

/** Builds an answer for one of the deployment's versions. */
export function answer(
  compiled: CompiledDeployment,
  version: string,
  cohort: string,
  reason: AssignmentReason,
  shadowVersions: string[] = [],
  variant = compiled.variantOf.get(version) ?? version,
): Assignment {
  return {
    deploymentId: compiled.deployment.id,
    version,
    variant,
    cohort,
    shadowVersions,
    reason,
  };
}
