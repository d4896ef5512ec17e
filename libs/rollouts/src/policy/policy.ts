import { holm } from '@modelgate/stats';
import type { Evidence, SrmEvidence, TestEvidence } from '@modelgate/contracts';
import { compareMetric, type MetricComparisonOptions, type MetricTest } from '../metrics/compare-metric';
import { estimateMetric } from '../metrics/estimates';
import { formatValue, sig } from '../metrics/format';
import { METRICS } from '../metrics/metric-definitions';
import type { MetricName, RolloutSettings, VariantAggregate } from '../types';
import { chanceToWin } from './chance-to-win';
import { worst, type Check } from './checks';
import { sampleGuard, srmCheck, variantEvidence } from './evidence-parts';

/**
 * What the primary metric must show: `non_inferiority` (no worse than the margin: canary, rolling,
 * recreate, blue/green, shadow), `superiority` (better by at least the margin: A/B), or `harm_only`
 * (after promotion: only significant harm matters, anything else passes).
 */
export type PrimaryKind = 'non_inferiority' | 'superiority' | 'harm_only';

export interface PolicyInput {
  readonly settings: RolloutSettings;
  readonly window: { start: string; end: string };
  readonly comparison: 'concurrent' | 'before';
  readonly referenceWindow: { start: string; end: string } | null;
  /** What every candidate is compared with: the baseline, the control arm, or the baseline's window before. */
  readonly baseline: VariantAggregate;
  readonly candidates: readonly VariantAggregate[];
  readonly primary: PrimaryKind;
  /** The intended split (variant → weight) for the SRM check; null when traffic is mirrored or not split. */
  readonly split: Record<string, number> | null;
  readonly notes: readonly string[];
}

export interface PolicyResult {
  /** The worst check: what the analysis asks for, with its reason (without the action). */
  readonly decisive: Check;
  readonly evidence: Omit<Evidence, 'counters'>;
  /** Candidates whose primary test passed (after Holm across arms and metrics for A/B), best first. */
  readonly winners: readonly string[];
  /** The primary test's words per candidate, for reasons that name a winner or its absence. */
  readonly primary: Readonly<Record<string, string>>;
}

const pct = (x: number): string => `${sig(x * 100)} %`;

function validAlpha(alpha: number): number {
  return Number.isFinite(alpha) && alpha > 0 && alpha < 1 ? alpha : 0.05;
}

/** One guardrail, signal or threshold list read defensively: settings come from stored JSON. */
function list<T>(x: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(x) ? x : [];
}

interface CandidateTests {
  readonly variant: VariantAggregate;
  primary: MetricTest;
  readonly guardrails: Array<{ metric: MetricName; margin: number; test: MetricTest }>;
  readonly signals: Array<{ metric: MetricName; test: MetricTest }>;
}

/** Holm across every arm × metric p-value of an A/B test; a pass or fail needs its adjusted p below α. */
function applyHolm(all: CandidateTests[], alpha: number): void {
  const tests = all.flatMap((c) => [c.primary, ...c.guardrails.map((g) => g.test)]).filter((t) => t.evidence.pValue !== null);
  const adjusted = holm(tests.map((t) => t.evidence.pValue!));
  const replaced = new Map<MetricTest, MetricTest>();
  tests.forEach((t, i) => {
    const p = adjusted[i]!;
    const keep = p < alpha || t.evidence.verdict === 'inconclusive' || t.evidence.verdict === 'error';
    const words = `Holm-adjusted p = ${sig(p)} over ${tests.length} tests`;
    replaced.set(t, {
      summary: `${t.summary}, ${words}`,
      evidence: { ...t.evidence, verdict: keep ? t.evidence.verdict : 'inconclusive', detail: `${t.evidence.detail}; ${words}` },
    });
  });
  for (const c of all) {
    c.primary = replaced.get(c.primary) ?? c.primary;
    for (const g of c.guardrails) g.test = replaced.get(g.test) ?? g.test;
  }
}

/**
 * A guardrail whose estimate lies beyond its margin but is not yet significant: a step does not
 * advance on it (the canary would otherwise outrun a harm its small cohort cannot yet prove), it
 * holds until the always-valid test decides either way — more looks at one confidence sequence
 * keep its error rate.
 */
function leansWorse(test: MetricTest, margin: number, higherIsBetter: boolean): boolean {
  const { ciLower, ciUpper, verdict } = test.evidence;
  if (verdict !== 'inconclusive' || ciLower === null || ciUpper === null) return false;
  const centre = (ciLower + ciUpper) / 2;
  return higherIsBetter ? centre < -margin : centre > margin;
}

function thresholdTest(s: RolloutSettings, cand: VariantAggregate, alpha: number): Array<{ evidence: TestEvidence; check: Check }> {
  return list(s.thresholds).map(({ metric, bound, threshold }) => {
    const value = estimateMetric(metric, cand, alpha).value;
    const breached = value !== null && (bound === 'max' ? value > threshold : value < threshold);
    const words = `threshold ${metric}: ${cand.variant} ${formatValue(metric, value)}, ${bound === 'max' ? 'maximum' : 'minimum'} ${formatValue(metric, threshold)}`;
    const evidence: TestEvidence = {
      name: 'threshold',
      metric,
      role: 'guardrail',
      variant: cand.variant,
      statistic: value,
      pValue: null,
      probability: null,
      ciLower: null,
      ciUpper: null,
      threshold,
      verdict: value === null ? 'inconclusive' : breached ? 'fail' : 'pass',
      detail: value === null ? `${words}: no data yet` : words,
    };
    return { evidence, check: { outcome: breached ? 'failure' : 'pass', reason: words } };
  });
}

function primaryCheck(kind: PrimaryKind, metric: MetricName, margin: number, c: CandidateTests): Check {
  const verdict = c.primary.evidence.verdict;
  const words = `primary ${metric}: ${c.primary.summary}`;
  if (verdict === 'fail' && kind !== 'superiority') return { outcome: 'rollback', reason: `${words}, worse than the ${pct(margin)} margin` };
  if (verdict === 'pass' || kind === 'harm_only') return { outcome: 'pass', reason: words };
  if (verdict === 'fail') return { outcome: 'hold', reason: `${words}, below the ${pct(margin)} minimum effect` };
  return { outcome: 'hold', reason: `${words}, not yet ${kind === 'superiority' ? 'better by' : 'within'} the ${pct(margin)} margin`, inconclusive: true };
}

/**
 * The policy every strategy shares. Checks, in order of importance within a rank: the SRM action,
 * relative guardrails (significant harm → rollback), the primary metric, absolute thresholds (a
 * breach counts a failure), signals (harm → hold). The minimum-sample guard overrides them all
 * with `hold`, so that nothing but a hold is decided on too few units; an interval that straddles
 * its boundary is always a hold, never a pass and never a rollback.
 */
export function runPolicy(input: PolicyInput): PolicyResult {
  const { settings: s, baseline, candidates, primary } = input;
  const alpha = validAlpha(s.alpha);
  const tuning = Number.isFinite(s.sequentialTuning) && s.sequentialTuning > 0 ? s.sequentialTuning : 5000;
  const minSamples = Math.max(0, Number.isFinite(s.minSamples) ? s.minSamples : 0);
  const margin = Math.max(0, Number.isFinite(s.margin) ? s.margin : 0);
  const primaryMetric = s.primaryMetric.name;
  const higher = s.primaryMetric.direction === 'higher';
  const against = input.comparison === 'before' ? `${baseline.variant} before` : baseline.variant;
  const options = (role: MetricComparisonOptions['role'], variant: string): Omit<MetricComparisonOptions, 'kind' | 'margin' | 'higherIsBetter'> => ({
    alpha,
    tuning,
    minSamples,
    role,
    variant,
    against,
  });

  const all: CandidateTests[] = candidates.map((cand) => ({
    variant: cand,
    primary: compareMetric(primaryMetric, baseline, cand, {
      ...options('primary', cand.variant),
      kind: primary === 'superiority' ? 'superiority' : 'non_inferiority',
      margin,
      higherIsBetter: higher,
    }),
    guardrails: list(s.guardrails).map(({ metric, margin: m }) => ({
      metric,
      margin: Math.max(0, m),
      test: compareMetric(metric, baseline, cand, { ...options('guardrail', cand.variant), kind: 'non_inferiority', margin: Math.max(0, m), higherIsBetter: METRICS[metric].higherIsBetter }),
    })),
    signals: list(s.signals).map((metric) => ({
      metric,
      test: compareMetric(metric, baseline, cand, { ...options('signal', cand.variant), kind: 'non_inferiority', margin: 0, higherIsBetter: METRICS[metric].higherIsBetter }),
    })),
  }));
  if (primary === 'superiority') applyHolm(all, alpha);

  const guard = sampleGuard([baseline, ...candidates], minSamples);
  const srm = input.split ? srmCheck([baseline, ...candidates], input.split, s) : null;
  const tests: TestEvidence[] = [];
  // A passing SRM says nothing a reason needs; a pass is worded by the primary metric.
  const checks: Check[] = srm && srm.check.outcome !== 'pass' ? [srm.check] : [];
  const guardrailChecks: Check[] = [];
  const primaryChecks: Check[] = [];
  const laterChecks: Check[] = [];
  for (const c of all) {
    tests.push(c.primary.evidence);
    if (primary === 'superiority') {
      const ctw = chanceToWin(primaryMetric, baseline, c.variant, higher);
      if (ctw) tests.push(ctw);
    }
    for (const g of c.guardrails) {
      tests.push(g.test.evidence);
      if (g.test.evidence.verdict === 'fail') guardrailChecks.push({ outcome: 'rollback', reason: `guardrail ${g.metric}: ${g.test.summary}, worse than the ${pct(g.margin)} margin` });
      else if (primary === 'non_inferiority' && leansWorse(g.test, g.margin, METRICS[g.metric].higherIsBetter)) {
        laterChecks.push({ outcome: 'hold', reason: `guardrail ${g.metric}: ${g.test.summary}, leaning worse than the ${pct(g.margin)} margin, not yet significant`, inconclusive: true });
      }
    }
    primaryChecks.push(primaryCheck(primary, primaryMetric, margin, c));
    for (const t of thresholdTest(s, c.variant, alpha)) {
      tests.push(t.evidence);
      laterChecks.push(t.check);
    }
    for (const g of c.signals) {
      tests.push(g.test.evidence);
      if (g.test.evidence.verdict === 'fail') laterChecks.push({ outcome: 'hold', reason: `signal ${g.metric}: ${g.test.summary}, worse` });
    }
  }

  // The centre of the effect's interval, in the better-is-larger orientation: the best winner first.
  const oriented = (c: CandidateTests): number => ((higher ? 1 : -1) * ((c.primary.evidence.ciLower ?? 0) + (c.primary.evidence.ciUpper ?? 0))) / 2;
  const winners = all
    .filter((c) => c.primary.evidence.verdict === 'pass')
    .sort((a, b) => oriented(b) - oriented(a))
    .map((c) => c.variant.variant);
  // A/B: one arm beating the control suffices; the others' holds do not block it.
  const primaryDecides: Check[] =
    primary === 'superiority' && winners.length > 0 ? [{ outcome: 'pass', reason: `primary ${primaryMetric}: ${all.find((c) => c.variant.variant === winners[0])!.primary.summary}` }] : primaryChecks;
  checks.push(...guardrailChecks, ...primaryDecides, ...laterChecks);
  const decisive = guard.evidence.met ? worst(checks) : guard.check;

  const notes = [...input.notes, ...(srm?.note ? [srm.note] : [])];
  const srmEvidence: SrmEvidence | null = srm?.evidence ?? null;
  return {
    decisive,
    winners,
    primary: Object.fromEntries(all.map((c) => [c.variant.variant, c.primary.summary])),
    evidence: {
      window: input.window,
      comparison: input.comparison,
      referenceWindow: input.referenceWindow,
      variants: [baseline, ...candidates].map((v) => variantEvidence(v, alpha)),
      tests,
      srm: srmEvidence,
      sampleGuard: guard.evidence,
      drift: null,
      notes,
    },
  };
}
