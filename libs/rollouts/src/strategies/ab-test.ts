import { runPolicy } from '../policy/policy';
import type { RolloutSettings, VariantAggregate } from '../types';
import { defineStrategy, findVariant } from './machine';
import { passStep, settle, type NextStep } from './settle';
import { move, promotion, safeWindow, secondsSince, type Ctx } from './transition';

interface Arm {
  name: string;
  version: string;
  weight: number;
}

/** The arms read defensively; the first is the control. */
function armsOf(settings: RolloutSettings): Arm[] {
  const arms = Array.isArray(settings.arms) ? settings.arms : [];
  return arms.filter((a) => a && typeof a.name === 'string').map((a) => ({ name: a.name, version: String(a.version), weight: Number.isFinite(a.weight) && a.weight > 0 ? a.weight : 0 }));
}

/** The share (percent) of traffic on the arms other than the control. */
function treatmentShare(settings: RolloutSettings): number {
  const arms = armsOf(settings);
  const total = arms.reduce((s, a) => s + a.weight, 0);
  return total > 0 ? (100 * (total - (arms[0]?.weight ?? 0))) / total : 0;
}

/** The winner chosen by the last analysis: `next` reads it from the state's promoted version. */
const next: NextStep = ({ state, settings, now }) => {
  const version = state.promotedVersion ?? settings.candidateVersion;
  const p = promotion(settings, now, version);
  return { ...p, what: `the winning arm: ${p.what}` };
};

/**
 * `ab_test`: units split between two or more weighted arms (the first is the control). Each arm is
 * tested for superiority on the primary metric with the sequential test, Holm-adjusted across the
 * arms × (primary + guardrails); the Bayesian chance to win is shown beside it; SRM is checked
 * against the weights. The best arm that wins is promoted (its version); at the maximum duration
 * without a winner the test stops and everyone gets the control.
 *
 * | phase        | analysis says                                   | action   | phase after       |
 * |--------------|-------------------------------------------------|----------|-------------------|
 * | progressing  | an arm wins, ran ≥ minStepSeconds               | promote (the arm) | watching/promoted |
 * | progressing  | an arm wins, step 0 in approvalSteps            | hold     | awaiting_approval |
 * | progressing  | no winner yet, too few samples, SRM (hold)      | hold     | progressing       |
 * | progressing  | no winner by maxDurationSeconds                 | rollback (to the control) | stopped |
 * | progressing  | guardrail harm in an arm, SRM (rollback), limits | rollback | rolled_back      |
 */
export const abTest = defineStrategy({
  strategy: 'ab_test',
  startShare: treatmentShare,
  next,
  progressing: (ctx) => {
    const { analysis, settings: s, now } = ctx;
    const arms = armsOf(s);
    if (arms.length < 2) throw new Error(`an A/B test needs at least two arms, got ${arms.length}`);
    const aggregates: VariantAggregate[] = arms.map((a) => findVariant(analysis.variants, a.name, a.version));
    const result = runPolicy({
      settings: s,
      window: safeWindow(analysis, now),
      comparison: 'concurrent',
      referenceWindow: null,
      baseline: aggregates[0]!,
      candidates: aggregates.slice(1),
      primary: 'superiority',
      split: Object.fromEntries(arms.map((a) => [a.name, a.weight])),
      notes: [],
    });
    const winner = arms.find((a) => a.name === result.winners[0]);
    // The winner rides on the state so that an approval later promotes the same arm.
    const withWinner: Ctx = winner ? { ...ctx, state: { ...ctx.state, promotedVersion: winner.version } } : ctx;
    return settle(
      withWinner,
      result,
      (words, evidence) => passStep(withWinner, `arm ${winner?.name} wins: ${words}`, evidence, next),
      (words, evidence) => {
        const ran = secondsSince(ctx.state.startedAt, now);
        const max = Number.isFinite(s.maxDurationSeconds) && s.maxDurationSeconds > 0 ? s.maxDurationSeconds : 0;
        if (max === 0 || ran < max) return null;
        const control = arms[0]!;
        const perArm = Object.entries(result.primary).map(([arm, summary]) => `${arm}: ${summary}`).join('; ');
        return move(ctx.state, {
          action: 'rollback',
          phase: 'stopped',
          patch: { share: 0, promotedVersion: null },
          version: control.version,
          words: `no arm beat ${control.name} after ${Math.floor(ran)} s (maximum ${max} s): ${perArm || words}; stopped with no winner`,
          evidence,
        });
      },
    );
  },
});
