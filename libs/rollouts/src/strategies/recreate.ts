import { defineStrategy } from './machine';
import { passStep, settle, type NextStep } from './settle';
import { candidateAnalysis } from './steps';
import { promotion } from './transition';

const next: NextStep = ({ settings, now }) => {
  const p = promotion(settings, now, settings.candidateVersion);
  return { ...p, what: `kept after the cut-over: ${p.what}` };
};

/**
 * `recreate`: everyone moves to the candidate at the cut-over (share 100 from the start). Its
 * window after the cut-over is compared with the baseline's last window before it (`analysis.before`):
 * the only strategy without a concurrent baseline, which the evidence says in its notes.
 *
 * | phase        | analysis says                                     | action   | phase after       |
 * |--------------|---------------------------------------------------|----------|-------------------|
 * | progressing  | non-inferior to before, ran ≥ minStepSeconds      | promote  | watching/promoted |
 * | progressing  | step 0 in approvalSteps                           | hold     | awaiting_approval |
 * | progressing  | too few samples (either window), inconclusive     | hold     | progressing       |
 * | progressing  | guardrail or primary harm against before, limits  | rollback | rolled_back       |
 * | watching     | harm / window over without harm                   | rollback / promote | rolled_back / promoted |
 */
export const recreate = defineStrategy({
  strategy: 'recreate',
  startShare: () => 100,
  next,
  progressing: (ctx) => {
    const result = candidateAnalysis(ctx, ['recreate has no concurrent baseline: the candidate after the cut-over is compared with the baseline’s last window before it, so a change in traffic between the two windows shows as a difference too'], 'before');
    return settle(ctx, result, (words, evidence) => passStep(ctx, words, evidence, next));
  },
});
