import { defineStrategy } from './machine';
import { passStep, settle, type NextStep } from './settle';
import { candidateAnalysis } from './steps';
import { move, promotion, rollbackMove, secondsSince } from './transition';

/**
 * A passing shadow either starts the strategy it names (`advance`: this deployment ends `promoted`
 * with share 0 and no promoted version — the baseline keeps serving until the next deployment
 * moves traffic) or, without one, is promoted outright.
 */
const next: NextStep = ({ settings, now }) => {
  if (settings.next) {
    return { action: 'advance', phase: 'promoted', patch: { share: 0, promotedVersion: null }, version: settings.candidateVersion, what: `the shadow passed, ${settings.next} starts next` };
  }
  const p = promotion(settings, now, settings.candidateVersion);
  return { ...p, what: `the shadow passed: ${p.what}` };
};

/**
 * `shadow`: nobody gets the candidate; it answers a mirrored copy of each request and is compared
 * with the primary on the same requests: agreement (paired by requestId), latency, errors, and
 * accuracy once labels arrive (a metric with too few labels is inconclusive, which never rolls back).
 *
 * | phase        | analysis says                                      | action   | phase after        |
 * |--------------|----------------------------------------------------|----------|--------------------|
 * | progressing  | pass, ≥ minStepSeconds, `next` set                 | advance  | promoted (share 0) |
 * | progressing  | pass, ≥ minStepSeconds, no `next`                  | promote  | watching/promoted  |
 * | progressing  | step 0 in approvalSteps                            | hold     | awaiting_approval  |
 * | progressing  | too few samples, inconclusive                      | hold     | progressing        |
 * | progressing  | no pass by maxDurationSeconds                      | rollback (reject) | rolled_back |
 * | progressing  | guardrail or primary harm, limits                  | rollback (reject) | rolled_back |
 */
export const shadow = defineStrategy({
  strategy: 'shadow',
  startShare: () => 0,
  next,
  progressing: (ctx) => {
    const { settings: s, state, now } = ctx;
    const result = candidateAnalysis(ctx, ['the candidate answered mirrored copies of the primary’s requests; only the primary answered users']);
    return settle(ctx, result, (words, evidence) => passStep(ctx, words, evidence, next), (words, evidence) => {
      const ran = secondsSince(state.startedAt, now);
      const max = Number.isFinite(s.maxDurationSeconds) && s.maxDurationSeconds > 0 ? s.maxDurationSeconds : 0;
      if (max === 0 || ran < max) return null;
      return move(state, rollbackMove(s, `${words}; no pass after ${Math.floor(ran)} s (maximum ${max} s), the candidate is rejected`, evidence));
    });
  },
});
