import { defineStrategy } from './machine';
import { passStep, settle } from './settle';
import { candidateAnalysis, stepShares, steppedNext } from './steps';

/** A canary never serves more than half the traffic before full promotion (design.md). */
const CANARY_CAP = 50;
const next = steppedNext(CANARY_CAP);

/**
 * `canary`: a sticky cohort of units grows step by step (never above 50 % before promotion);
 * at every step the candidate is tested against the baseline in the same window: sequential
 * non-inferiority on the primary metric, relative guardrails, thresholds, signals, SRM.
 *
 * | phase             | analysis says                                   | action   | phase after        |
 * |-------------------|-------------------------------------------------|----------|--------------------|
 * | progressing (i)   | pass, step ran ≥ minStepSeconds, i+1 exists     | advance  | progressing (i+1)  |
 * | progressing (i)   | pass, step i in approvalSteps                   | hold     | awaiting_approval  |
 * | progressing (last)| pass                                            | promote  | watching/promoted  |
 * | progressing       | too few samples, inconclusive, SRM (hold), signal | hold   | progressing        |
 * | progressing       | guardrail or primary harm, SRM (rollback), limits | rollback | rolled_back        |
 * | watching          | harm / window over without harm                 | rollback / promote | rolled_back / promoted |
 *
 * The form (`rolling`: the candidate on some existing instances; `parallel`: a new set beside
 * them) is carried in every decision so the deploy system knows which to do.
 */
export const canary = defineStrategy({
  strategy: 'canary',
  startShare: (settings) => stepShares(settings, CANARY_CAP)[0] ?? 0,
  next,
  progressing: (ctx) => {
    const form = ctx.settings.canaryForm === 'parallel' ? 'parallel (a new set of instances beside the baseline)' : 'rolling (the candidate on some existing instances)';
    return settle(ctx, candidateAnalysis(ctx, [`canary form: ${form}`]), (words, evidence) => passStep(ctx, words, evidence, next));
  },
});
