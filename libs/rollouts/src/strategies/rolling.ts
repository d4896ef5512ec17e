import { defineStrategy } from './machine';
import { passStep, settle } from './settle';
import { candidateAnalysis, stepShares, steppedNext } from './steps';

const next = steppedNext(100);

/**
 * `rolling`: instances are replaced step by step up to 100 %; traffic follows the instance share
 * per request (not sticky), so the candidate and the baseline serve the same window and are
 * compared in it at every step (non-inferiority, guardrails, thresholds, signals, SRM).
 *
 * | phase             | analysis says                                   | action   | phase after        |
 * |-------------------|-------------------------------------------------|----------|--------------------|
 * | progressing (i)   | pass, step ran ≥ minStepSeconds, next share < 100 | advance | progressing (i+1) |
 * | progressing (i)   | pass, step i in approvalSteps                   | hold     | awaiting_approval  |
 * | progressing (i)   | pass, next share is 100 or no next step         | promote  | watching/promoted  |
 * | progressing       | too few samples, inconclusive, SRM (hold), signal | hold   | progressing        |
 * | progressing       | guardrail or primary harm, SRM (rollback), limits | rollback | rolled_back        |
 * | watching          | harm / window over without harm                 | rollback / promote | rolled_back / promoted |
 */
export const rolling = defineStrategy({
  strategy: 'rolling',
  startShare: (settings) => stepShares(settings, 100)[0] ?? 0,
  next,
  progressing: (ctx) =>
    settle(ctx, candidateAnalysis(ctx, ['rolling: traffic follows the instance share per request (not sticky)']), (words, evidence) => passStep(ctx, words, evidence, next)),
});
