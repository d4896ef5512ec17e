import { minimumSampleGuard, sampleRatioMismatch } from '@modelgate/stats';
import type { SampleGuardEvidence, SrmEvidence, VariantEvidence } from '@modelgate/contracts';
import { estimateMetric } from '../metrics/estimates';
import { METRIC_NAMES, count } from '../metrics/metric-definitions';
import { sig } from '../metrics/format';
import type { RolloutSettings, VariantAggregate } from '../types';
import type { Check } from './checks';

/** Units of a variant: distinct units when the aggregate knows them, else predictions. */
export function unitsOf(v: VariantAggregate): number {
  return v.units === undefined ? count(v.predictions) : count(v.units);
}

/** A variant that sent nothing in the window: zero counts, so it holds on the sample guard. */
export function emptyAggregate(variant: string, version: string): VariantAggregate {
  return {
    variant,
    version,
    predictions: 0,
    errors: 0,
    shadowPredictions: 0,
    latencySum: 0,
    latencyHistogram: {},
    outcomes: 0,
    outcomeValues: 0,
    outcomeSum: 0,
    outcomeSumSquares: 0,
    correct: 0,
    incorrect: 0,
    agreementPairs: 0,
    agreements: 0,
  };
}

/** Counts and every metric's estimate with its interval, for one variant. */
export function variantEvidence(v: VariantAggregate, alpha: number): VariantEvidence {
  return {
    variant: String(v.variant),
    version: String(v.version),
    predictions: count(v.predictions),
    errors: count(v.errors),
    outcomes: count(v.outcomes),
    estimates: METRIC_NAMES.map((metric) => estimateMetric(metric, v, alpha)),
  };
}

/** The minimum-sample guard over every variant compared (GrowthBook's per-variant minimum). */
export function sampleGuard(variants: readonly VariantAggregate[], minSamples: number): { evidence: SampleGuardEvidence; check: Check } {
  const min = Math.max(0, Math.floor(Number.isFinite(minSamples) ? minSamples : 0));
  const observed = Object.fromEntries(variants.map((v) => [v.variant, unitsOf(v)]));
  const guard = minimumSampleGuard(variants.map(unitsOf), min);
  const list = variants.map((v) => `${v.variant} ${unitsOf(v)}`).join(', ');
  const check: Check = guard.ok
    ? { outcome: 'pass', reason: `samples ${list} (minimum ${min} per variant)` }
    : { outcome: 'hold', reason: `too few samples: ${list}, minimum ${min} per variant` };
  return { evidence: { minSamples: min, observed, met: guard.ok }, check };
}

/**
 * The sample-ratio-mismatch check of the intended split; its action is the deployment's:
 * `hold` (default), `rollback`, or `warn` (a note, no effect on the decision).
 */
export function srmCheck(variants: readonly VariantAggregate[], split: Record<string, number>, settings: RolloutSettings): { evidence: SrmEvidence; check: Check; note: string | null } {
  const threshold = settings.srm?.threshold ?? 0.001;
  const action = settings.srm?.action ?? 'hold';
  const total = Object.values(split).reduce((s, w) => s + w, 0);
  const expected = Object.fromEntries(Object.entries(split).map(([k, w]) => [k, total > 0 ? w / total : 0]));
  const observedCounts = Object.keys(split).map((k) => unitsOf(variants.find((v) => v.variant === k) ?? emptyAggregate(k, '')));
  const observed = Object.fromEntries(Object.keys(split).map((k, i) => [k, observedCounts[i]!]));
  const r = sampleRatioMismatch(observedCounts, Object.values(split), threshold);
  const base = { expected, observed, threshold };
  if (!r.ok) return { evidence: { ...base, statistic: null, pValue: null, verdict: 'error' }, check: { outcome: 'pass', reason: `SRM not computed: ${r.detail}` }, note: null };
  const words = `sample ratio mismatch: observed ${Object.entries(observed).map(([k, n]) => `${k} ${n}`).join(', ')} against shares ${Object.entries(expected).map(([k, s]) => `${k} ${sig(100 * s)} %`).join(', ')} (χ² ${sig(r.statistic)}, p ${r.pValue < 0.0001 ? '< 0.0001' : `= ${sig(r.pValue)}`} < ${sig(threshold)})`;
  if (!r.mismatch) return { evidence: { ...base, statistic: r.statistic, pValue: r.pValue, verdict: 'pass' }, check: { outcome: 'pass', reason: 'no sample ratio mismatch' }, note: null };
  if (action === 'warn') return { evidence: { ...base, statistic: r.statistic, pValue: r.pValue, verdict: 'warn' }, check: { outcome: 'pass', reason: words }, note: `${words}; the SRM action is warn, so the decision ignores it` };
  return { evidence: { ...base, statistic: r.statistic, pValue: r.pValue, verdict: 'fail' }, check: { outcome: action === 'rollback' ? 'rollback' : 'hold', reason: words }, note: null };
}
