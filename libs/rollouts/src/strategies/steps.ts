import { runPolicy, type PolicyResult } from '../policy/policy';
import type { RolloutSettings } from '../types';
import { findVariant } from './machine';
import type { NextStep } from './settle';
import { iso, promotion, referenceWindowOf, safeWindow, type Ctx } from './transition';

/** The step shares in percent, read defensively: finite, above 0, at most `cap`, increasing. */
export function stepShares(settings: RolloutSettings, cap: number): number[] {
  const steps = Array.isArray(settings.steps) ? settings.steps : [];
  const shares: number[] = [];
  for (const step of steps) {
    if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) continue;
    const share = Math.min(step, cap);
    if (share > (shares.at(-1) ?? 0)) shares.push(share);
  }
  return shares;
}

/**
 * Flagger's `nextStepWeight`, kept pure: the next step's share, or promotion after the last step
 * (a step at 100 % is the promotion itself: there is no baseline left to compare with).
 */
export function steppedNext(cap: number): NextStep {
  return ({ state, settings, now }) => {
    const shares = stepShares(settings, cap);
    const i = state.stepIndex + 1;
    const share = shares[i];
    if (share !== undefined && share < 100) {
      return {
        action: 'advance',
        phase: 'progressing',
        patch: { stepIndex: i, share, stepStartedAt: iso(now), phaseStartedAt: iso(now) },
        version: settings.candidateVersion,
        what: `step ${state.stepIndex} at ${state.share} % passed, next step ${i} at ${share} %`,
      };
    }
    const p = promotion(settings, now, settings.candidateVersion);
    return { ...p, what: `step ${state.stepIndex} at ${state.share} % passed, the last: ${p.what}` };
  };
}

/**
 * The candidate against the baseline, non-inferiority: in the same window with the SRM check of the
 * intended split (`concurrent`), or, for recreate, against the baseline's last window before the
 * cut-over (`before`).
 */
export function candidateAnalysis(ctx: Ctx, notes: string[], comparison: 'concurrent' | 'before' = 'concurrent'): PolicyResult {
  const { analysis, settings: s, state, now } = ctx;
  const before = comparison === 'before';
  const baseline = findVariant(before ? analysis.before?.variants : analysis.variants, 'baseline', s.baselineVersion);
  const candidate = findVariant(analysis.variants, 'candidate', s.candidateVersion);
  const share = Number.isFinite(state.share) ? Math.min(100, Math.max(0, state.share)) : 0;
  return runPolicy({
    settings: s,
    window: safeWindow(analysis, now),
    comparison,
    referenceWindow: before ? referenceWindowOf(analysis, now) : null,
    baseline,
    candidates: [candidate],
    primary: 'non_inferiority',
    split: !before && share > 0 && share < 100 ? { [baseline.variant]: 100 - share, [candidate.variant]: share } : null,
    notes,
  });
}
