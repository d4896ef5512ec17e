import { defineStrategy } from './machine';
import { passStep, settle, type NextStep } from './settle';
import { candidateAnalysis } from './steps';
import { iso } from './transition';

/** The switch: everyone to green, then the watch window against blue's last window (switch back = rollback). */
const next: NextStep = ({ settings, now }) => ({
  action: 'advance',
  phase: 'watching',
  patch: { share: 100, phaseStartedAt: iso(now), stepStartedAt: iso(now) },
  version: settings.candidateVersion,
  what: `switch everyone to green ${settings.candidateVersion}, then watch it ${Math.max(0, settings.watchSeconds || 0)} s against blue`,
});

/**
 * `blue_green`: before the switch nobody gets green, which answers mirrored copies of blue's
 * requests; green is compared with blue on them (agreement, errors, latency and the primary metric,
 * non-inferiority). Passing is the switch (`advance`, share 100, `watching`); the watch compares green
 * with blue's last window before the switch, and harm switches back (`rollback`).
 *
 * | phase        | analysis says                                        | action   | phase after       |
 * |--------------|------------------------------------------------------|----------|-------------------|
 * | progressing  | green non-inferior on mirrored traffic, ≥ minStepSeconds | advance (switch) | watching |
 * | progressing  | step 0 in approvalSteps                              | hold     | awaiting_approval |
 * | progressing  | too few mirrored samples, inconclusive               | hold     | progressing       |
 * | progressing  | guardrail or primary harm, limits                    | rollback | rolled_back       |
 * | watching     | harm against blue's window before the switch         | rollback (switch back) | rolled_back |
 * | watching     | watchSeconds over without harm                       | promote  | promoted          |
 */
export const blueGreen = defineStrategy({
  strategy: 'blue_green',
  startShare: () => 0,
  next,
  progressing: (ctx) => {
    const result = candidateAnalysis(ctx, ['before the switch green answers mirrored copies of blue’s requests; only blue answers users']);
    return settle(ctx, result, (words, evidence) => passStep(ctx, words, evidence, next));
  },
});
