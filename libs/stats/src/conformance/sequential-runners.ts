import { z } from 'zod';
import { bayesianEffect } from '../experiments/effect-bayesian';
import type { ArmStatistic } from '../experiments/effect-moments';
import type { EffectEstimate } from '../experiments/effect-result';
import { fixedHorizonTTest } from '../experiments/fixed-horizon-t';
import { sequentialTTest } from '../experiments/sequential-t';
import type { CaseRunner } from './runner-types';

const arm = z.object({ n: z.number(), sum: z.number(), sum_squares: z.number().optional() });
const common = { metric: z.enum(['proportion', 'mean']), a: arm, b: arm, relative: z.boolean(), alpha: z.number().default(0.05) };

function armStatistic(metric: 'proportion' | 'mean', a: z.infer<typeof arm>): ArmStatistic {
  if (metric === 'proportion') return { kind: 'proportion', n: a.n, sum: a.sum };
  if (a.sum_squares === undefined) throw new Error('a "mean" arm needs sum_squares');
  return { kind: 'mean', n: a.n, sum: a.sum, sumSquares: a.sum_squares };
}

function estimateFields(r: EffectEstimate): Record<string, unknown> {
  return { expected: r.expected, ci_lower: r.ciLower, ci_upper: r.ciUpper, p_value: r.pValue, standard_error: r.standardError, error_message: r.error };
}

/** Runners for the gbstats conventions of `sequential-reference.json`. */
export const SEQUENTIAL_RUNNERS = {
  gbstats_ttest: (input) => {
    const i = z.object(common).parse(input);
    const r = fixedHorizonTTest(armStatistic(i.metric, i.a), armStatistic(i.metric, i.b), { difference: i.relative ? 'relative' : 'absolute', alpha: i.alpha });
    return { ...estimateFields(r), dof: r.dof };
  },
  gbstats_sequential_ttest: (input) => {
    const i = z.object({ ...common, sequential_tuning_parameter: z.number().default(5000) }).parse(input);
    const r = sequentialTTest(armStatistic(i.metric, i.a), armStatistic(i.metric, i.b), {
      difference: i.relative ? 'relative' : 'absolute',
      alpha: i.alpha,
      tuning: i.sequential_tuning_parameter,
    });
    return estimateFields(r);
  },
  gbstats_bayesian: (input) => {
    const prior = z.object({ mean: z.number(), variance: z.number(), proper: z.boolean() });
    const i = z.object({ ...common, prior: prior.default({ mean: 0, variance: 1, proper: false }), inverse: z.boolean().default(false) }).parse(input);
    const r = bayesianEffect(armStatistic(i.metric, i.a), armStatistic(i.metric, i.b), {
      difference: i.relative ? 'relative' : 'absolute',
      alpha: i.alpha,
      prior: i.prior,
      inverse: i.inverse,
    });
    return {
      chance_to_win: r.chanceToWin,
      expected: r.expected,
      ci_lower: r.ciLower,
      ci_upper: r.ciUpper,
      standard_error: r.standardError,
      risk_control: r.riskControl,
      risk_treatment: r.riskTreatment,
      error_message: r.error,
    };
  },
} satisfies Record<string, CaseRunner>;
