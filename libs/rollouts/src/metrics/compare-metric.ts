import { compareVariants, type ArmStatistic, type Comparison, type DifferenceType, type Verdict } from '@modelgate/stats';
import type { MetricRole, TestEvidence, TestVerdict } from '@modelgate/contracts';
import type { MetricName, VariantAggregate } from '../types';
import { estimateMetric, wilsonInterval, zFor } from './estimates';
import { formatPAgainst, formatRelative, formatValue, sig } from './format';
import { latencyBins, slowerThan, tailBound } from './latency-histogram';
import { METRICS, armStatistic } from './metric-definitions';

export interface MetricComparisonOptions {
  /** `superiority` (A/B: better by at least `margin`) or `non_inferiority` (no worse than `margin`). */
  readonly kind: 'superiority' | 'non_inferiority';
  /** Relative: 0.1 = 10 %. */
  readonly margin: number;
  readonly higherIsBetter: boolean;
  readonly alpha: number;
  readonly tuning: number;
  /** Each variant needs this many units of the metric's own sample (labels, values) before a verdict. */
  readonly minSamples: number;
  readonly role: MetricRole;
  /** The tested variant's name, and the word for what it is compared with (`baseline`, `before`, an arm). */
  readonly variant: string;
  readonly against: string;
}

/** One test as evidence, plus its words for a reason (without the action). */
export interface MetricTest {
  readonly evidence: TestEvidence;
  readonly summary: string;
}

const VERDICTS: Record<Verdict, TestVerdict> = { pass: 'pass', fail: 'fail', inconclusive: 'inconclusive', invalid: 'error' };

/**
 * A Bernoulli arm with no variance (no errors yet, or all correct) voids gbstats' delta method;
 * Agresti & Caffo (2000, Am. Stat. 54(4)) add one success and one failure to each arm, which keeps
 * the interval for a difference of proportions close to nominal. Applied only in that case.
 */
function adjustDegenerate(a: ArmStatistic, b: ArmStatistic): { a: ArmStatistic; b: ArmStatistic; adjusted: boolean } {
  const degenerate = (s: ArmStatistic): boolean => s.kind === 'proportion' && (s.sum === 0 || s.sum === s.n);
  if (!degenerate(a) && !degenerate(b)) return { a, b, adjusted: false };
  const plus = (s: ArmStatistic): ArmStatistic => (s.kind === 'proportion' ? { kind: 'proportion', n: s.n + 2, sum: s.sum + 1 } : s);
  return { a: plus(a), b: plus(b), adjusted: true };
}

function sequential(a: ArmStatistic, b: ArmStatistic, o: MetricComparisonOptions, difference: DifferenceType = 'relative', scale = 1): Comparison {
  // A/B "better by at least the minimum effect" is non-inferiority at a negative margin.
  const kind = o.kind === 'superiority' && o.margin > 0 ? 'non_inferiority' : o.kind;
  const margin = (o.kind === 'superiority' ? -Math.max(0, o.margin) : Math.max(0, o.margin)) * scale;
  return compareVariants(a, b, { kind, margin, difference, alpha: o.alpha, sequential: true, tuning: o.tuning, higherIsBetter: o.higherIsBetter });
}

function evidenceOf(name: string, metric: MetricName, o: MetricComparisonOptions, c: Comparison | null, verdict: TestVerdict, detail: string): TestEvidence {
  const e = c?.estimate;
  const valid = e !== undefined && e.error === null;
  return {
    name,
    metric,
    role: o.role,
    variant: o.variant,
    statistic: valid && e.standardError > 0 ? e.expected / e.standardError : null,
    pValue: valid ? e.pValue : null,
    probability: null,
    ciLower: valid ? e.ciLower : null,
    ciUpper: valid ? e.ciUpper : null,
    threshold: c?.boundary ?? (o.kind === 'superiority' ? o.margin : -o.margin),
    verdict,
    detail,
  };
}

/** The effect and its interval: relative (`+75 %`), or in percentage points of a share (`+9.5 pp`). */
function effectWords(c: Comparison, o: MetricComparisonOptions, points = false): string {
  const e = c.estimate;
  if (e.error !== null) return `no estimate yet (${e.error})`;
  const f = points ? (x: number) => formatRelative(x).replace(/ %$/, ' pp') : formatRelative;
  return `${f(e.expected)} [${f(e.ciLower)}, ${f(e.ciUpper)}] (always-valid ${formatPAgainst(e.pValue, o.alpha)})`;
}

function tooFew(metric: MetricName, o: MetricComparisonOptions, name: string, nA: number, nB: number): MetricTest | null {
  if (nA >= o.minSamples && nB >= o.minSamples) return null;
  const detail = `${METRICS[metric].label}: ${o.variant} n ${nB}, ${o.against} n ${nA}, below ${o.minSamples} per variant`;
  return { evidence: evidenceOf(name, metric, o, null, 'inconclusive', detail), summary: detail };
}

function compareMoments(metric: MetricName, base: VariantAggregate, cand: VariantAggregate, o: MetricComparisonOptions): MetricTest {
  const a0 = armStatistic(metric, base)!;
  const b0 = armStatistic(metric, cand)!;
  const few = tooFew(metric, o, 'sequential_t', a0.n, b0.n);
  if (few) return few;
  const { a, b, adjusted } = adjustDegenerate(a0, b0);
  const c = sequential(a, b, o);
  const values = `${o.variant} ${METRICS[metric].label} ${formatValue(metric, b0.sum / b0.n)} vs ${formatValue(metric, a0.sum / a0.n)} ${o.against}`;
  const summary = `${values}, ${effectWords(c, o)}`;
  const detail = adjusted ? `${summary}; +1/+1 Agresti–Caffo adjustment (an arm had no variance)` : summary;
  return { evidence: evidenceOf('sequential_t', metric, o, c, VERDICTS[c.verdict], detail), summary };
}

/**
 * Latency quantiles are tested on the share of requests slower than the histogram bound nearest the
 * pooled quantile: each request is a Bernoulli trial "slower than b ms", counted exactly from the
 * bins (no interpolation), so gbstats' always-valid test of proportions applies as it does to error
 * rates, at every analysis. A candidate slower in the tail shows as a larger share above b.
 */
function compareLatency(metric: MetricName, base: VariantAggregate, cand: VariantAggregate, o: MetricComparisonOptions): MetricTest {
  const name = 'sequential_tail_share';
  const [ba, bb] = [latencyBins(base.latencyHistogram), latencyBins(cand.latencyHistogram)];
  const q = METRICS[metric].quantile ?? 0.95;
  const few = tooFew(metric, o, name, slowerThan(ba, 0).n, slowerThan(bb, 0).n);
  if (few) return few;
  const bound = tailBound(ba, bb, q);
  const quantiles = `${o.variant} ${METRICS[metric].label} ${formatValue(metric, estimateMetric(metric, cand, o.alpha).value)} vs ${formatValue(metric, estimateMetric(metric, base, o.alpha).value)} ${o.against}`;
  if (bound === null) {
    const detail = `${quantiles}; every request falls on one side of each bin bound, no tail to compare yet`;
    return { evidence: evidenceOf(name, metric, o, null, 'inconclusive', detail), summary: detail };
  }
  const [sa, sb] = [slowerThan(ba, bound), slowerThan(bb, bound)];
  const { a, b } = adjustDegenerate({ kind: 'proportion', ...sa }, { kind: 'proportion', ...sb });
  // The difference of the two tail shares, not their ratio: when the baseline has (almost) no request
  // above the bound (two histograms that do not overlap), a ratio's delta-method interval covers
  // everything and a candidate twice as slow would hold for ever. The relative margin is carried
  // over as a share of the baseline's tail.
  const c = sequential(a, b, o, 'absolute', sa.sum / sa.n);
  const share = `share slower than ${bound} ms ${sig((100 * sb.sum) / sb.n)} % vs ${sig((100 * sa.sum) / sa.n)} %`;
  const summary = `${quantiles} (${share}, ${effectWords(c, o, true)})`;
  return { evidence: evidenceOf(name, metric, o, c, VERDICTS[c.verdict], summary), summary };
}

/**
 * Agreement exists for the candidate only (the primary agrees with itself): its (1 − α) Wilson
 * interval is compared with the target 1 − margin. Fixed-horizon, so a pass needs the whole
 * interval above the target; it is a check of fit with the primary, not a comparison of two arms.
 */
function compareAgreement(cand: VariantAggregate, o: MetricComparisonOptions): MetricTest {
  const name = 'agreement_interval';
  const arm = armStatistic('agreement', cand)!;
  const few = tooFew('agreement', o, name, o.minSamples, arm.n);
  if (few) return few;
  const target = 1 - Math.max(0, o.margin);
  const { lower, upper } = wilsonInterval(arm.sum, arm.n, zFor(o.alpha));
  const verdict: TestVerdict = lower >= target ? 'pass' : upper < target ? 'fail' : 'inconclusive';
  const summary = `${o.variant} agreement ${formatValue('agreement', arm.sum / arm.n)} [${formatValue('agreement', lower)}, ${formatValue('agreement', upper)}] with the primary on ${arm.n} requests vs target ${formatValue('agreement', target)}`;
  const evidence: TestEvidence = { ...evidenceOf(name, 'agreement', o, null, verdict, summary), ciLower: lower, ciUpper: upper, threshold: target };
  return { evidence, summary };
}

/** The test of one metric of `cand` against `base`, as its kind requires; never throws on odd aggregates. */
export function compareMetric(metric: MetricName, base: VariantAggregate, cand: VariantAggregate, o: MetricComparisonOptions): MetricTest {
  switch (METRICS[metric].kind) {
    case 'quantile':
      return compareLatency(metric, base, cand, o);
    case 'one_sample':
      return compareAgreement(cand, o);
    default:
      return compareMoments(metric, base, cand, o);
  }
}
