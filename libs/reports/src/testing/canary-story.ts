/**
 * The animal classifier's canary as the engine records it, for specs, the e2e test and the bench:
 * v1 → v2 at 5, 10, 25 and 50 %, `holdsPerStep` inconclusive analyses then an advance at every
 * step, a promote at the last. Deterministic (no RNG, no clock): every number follows from the
 * analysis index, so the tests can state what they expect.
 */
import type { ReportInput } from '../report-input';
import { DECISION_SCHEMA, type Decision, type DriftEvidence, type ReportDeployment, type TestEvidence, decisionIdOf } from '@modelgate/contracts';

export interface CanaryStoryOptions {
  deploymentId: string;
  model: string;
  /** When the first analysis window starts. */
  start: string;
  holdsPerStep?: number;
  intervalSeconds?: number;
  steps?: number[];
  /** Predictions per analysis window across both variants. */
  predictionsPerWindow?: number;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

export function canaryDeployment(o: CanaryStoryOptions, name = `${o.model} v1 → v2`): ReportDeployment {
  const steps = o.steps ?? [5, 10, 25, 50];
  return {
    id: o.deploymentId,
    name,
    model: o.model,
    strategy: 'canary',
    phase: 'promoted',
    baselineVersion: 'v1',
    candidateVersion: 'v2',
    steps,
    currentStep: steps.length - 1,
    share: 100,
    arms: [],
    primaryMetric: { name: 'accuracy', direction: 'higher' },
    createdAt: o.start,
  };
}

function tests(n: number, step: number, srmP: number): TestEvidence[] {
  const diff = 0.004 + 0.001 * (n % 3);
  const halfWidth = round(0.06 / Math.sqrt(n + 1));
  return [
    {
      name: 'sequential_t', metric: 'accuracy', role: 'primary', variant: 'candidate',
      statistic: round(0.8 + 0.3 * n), pValue: round(0.4 / (n + 1)), probability: null,
      ciLower: round(diff - halfWidth), ciUpper: round(diff + halfWidth), threshold: -0.01,
      verdict: diff - halfWidth > -0.01 ? 'pass' : 'inconclusive',
      detail: `accuracy lift ${round(diff * 100, 2)} %, always-valid interval [${round((diff - halfWidth) * 100, 2)} %, ${round((diff + halfWidth) * 100, 2)} %] against a margin of -1 %`,
    },
    {
      name: 'threshold', metric: 'error_rate', role: 'guardrail', variant: 'candidate',
      statistic: round(0.004 + 0.0005 * step), pValue: null, probability: null, ciLower: null, ciUpper: null,
      threshold: 0.02, verdict: 'pass', detail: `error rate ${round((0.004 + 0.0005 * step) * 100, 2)} % ≤ 2 %`,
    },
    {
      name: 'chi_square_srm', metric: 'srm', role: 'srm', variant: null,
      statistic: round(-2 * Math.log(srmP)), pValue: srmP, probability: null, ciLower: null, ciUpper: null,
      threshold: 0.001, verdict: srmP < 0.001 ? 'fail' : 'pass', detail: `sample ratio p = ${srmP}`,
    },
  ];
}

/** Every decision of the story, oldest first. */
export function canaryDecisions(o: CanaryStoryOptions): Decision[] {
  const steps = o.steps ?? [5, 10, 25, 50];
  const holds = o.holdsPerStep ?? 2;
  const interval = (o.intervalSeconds ?? 300) * 1000;
  const perWindow = o.predictionsPerWindow ?? 4000;
  const t0 = Date.parse(o.start);
  const decisions: Decision[] = [];
  let n = 0;
  steps.forEach((share, step) => {
    for (let k = 0; k <= holds; k++, n++) {
      const last = k === holds;
      const promote = last && step === steps.length - 1;
      const candidate = Math.round((perWindow * share) / 100) + (n % 5) - 2;
      const baseline = perWindow - candidate;
      const srmP = round(0.2 + 0.07 * (n % 9));
      const accuracy = (base: number, units: number) => {
        const half = round(1.96 * Math.sqrt((base * (1 - base)) / Math.max(units, 1)) * 2.2);
        return { metric: 'accuracy', value: round(base), ciLower: round(base - half), ciUpper: round(base + half), n: Math.round(units) };
      };
      const latency = (base: number, units: number) => ({ metric: 'latency_p99_ms', value: base, ciLower: null, ciUpper: null, n: units });
      const action = promote ? 'promote' : last ? 'advance' : 'hold';
      const madeAt = new Date(t0 + (n + 1) * interval).toISOString();
      const nextShare = promote ? 100 : last ? steps[step + 1]! : share;
      decisions.push({
        schema: DECISION_SCHEMA,
        id: decisionIdOf(`deployment:${o.deploymentId}:analysis:${n + 1}`),
        deploymentId: o.deploymentId,
        monitorId: null,
        analysisId: null,
        model: o.model,
        strategy: 'canary',
        canaryForm: 'parallel',
        baselineVersion: 'v1',
        candidateVersion: 'v2',
        version: 'v2',
        action,
        phaseBefore: 'progressing',
        phaseAfter: promote ? 'promoted' : 'progressing',
        step: promote ? step : last ? step + 1 : step,
        share: nextShare,
        reason: promote
          ? `accuracy of v2 not worse than v1 (lift ${round((0.004 + 0.001 * (n % 3)) * 100, 2)} %, margin -1 %), guardrails pass at ${share} %: promote`
          : last
            ? `accuracy of v2 not worse than v1 at ${share} % and guardrails pass: advance to ${nextShare} %`
            : `accuracy interval still crosses the -1 % margin at ${share} % (${candidate} candidate predictions): hold`,
        evidence: {
          window: { start: new Date(t0 + n * interval).toISOString(), end: madeAt },
          comparison: 'concurrent',
          referenceWindow: null,
          variants: [
            { variant: 'baseline', version: 'v1', predictions: baseline, errors: Math.round(baseline * 0.005), outcomes: Math.round(baseline * 0.6), estimates: [accuracy(0.912 + 0.001 * (n % 4), baseline * 0.6), latency(180 + (n % 7), baseline)] },
            { variant: 'candidate', version: 'v2', predictions: candidate, errors: Math.round(candidate * (0.004 + 0.0005 * step)), outcomes: Math.round(candidate * 0.6), estimates: [accuracy(0.918 + 0.001 * (n % 3), candidate * 0.6), latency(172 + (n % 5), candidate)] },
          ],
          tests: tests(n, step, srmP),
          srm: { expected: { baseline: round(1 - share / 100), candidate: share / 100 }, observed: { baseline, candidate }, statistic: round(-2 * Math.log(srmP)), pValue: srmP, threshold: 0.001, verdict: 'pass' },
          sampleGuard: { minSamples: 100, observed: { baseline: Math.round(baseline * 0.6), candidate: Math.round(candidate * 0.6) }, met: true },
          drift: null,
          counters: { failures: 0, inconclusive: last ? 0 : k + 1, consecutiveErrors: 0 },
          notes: [],
        },
        madeAt,
      });
    }
  });
  return decisions;
}

/** Brighter photos arrive after the promote: v2's inputs drift and its error rate climbs (a monitor's retrain). */
export function brightnessDrift(model: string, version = 'v2'): DriftEvidence {
  return {
    model,
    version,
    reference: { kind: 'first_window', start: '2025-11-24T00:00:00.000Z', end: '2025-11-24T06:00:00.000Z' },
    features: [
      { feature: 'brightness', type: 'numeric', method: 'wasserstein', methodReason: 'numeric, n > 1000: wasserstein', score: 'distance', value: 0.31, threshold: 0.1, drifted: true },
      { feature: 'contrast', type: 'numeric', method: 'wasserstein', methodReason: 'numeric, n > 1000: wasserstein', score: 'distance', value: 0.04, threshold: 0.1, drifted: false },
      { feature: 'camera', type: 'categorical', method: 'jensenshannon', methodReason: 'categorical, n > 1000: jensenshannon', score: 'distance', value: 0.02, threshold: 0.1, drifted: false },
    ],
    driftShare: round(1 / 3),
    driftShareThreshold: 0.5,
    datasetDrifted: false,
    prediction: { feature: 'label', type: 'categorical', method: 'jensenshannon', methodReason: 'categorical, n > 1000: jensenshannon', score: 'distance', value: 0.12, threshold: 0.1, drifted: true },
    detectors: [{ detector: 'ddm', state: 'drift', index: 5210, errorRateBefore: 0.08, errorRateAfter: 0.17, pairsSeen: 9000 }],
  };
}

/** The story the specs tell. */
export const story: CanaryStoryOptions = { deploymentId: '11111111-1111-4111-8111-111111111111', model: 'animal-classifier', start: '2025-11-24T08:00:00.000Z' };

/** A report input of the story, with control actions, totals and drift. */
export function canaryInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    deployment: canaryDeployment(story),
    decisions: canaryDecisions(story),
    controls: [{ at: '2025-11-24T07:59:00.000Z', action: 'start', actor: 'ops-alice', detail: 'started' }],
    totals: { baseline: { predictions: 40_000, errors: 200, outcomes: 24_000 }, candidate: { predictions: 9_000, errors: 40, outcomes: 5_400 } },
    drift: [brightnessDrift('animal-classifier')],
    generatedAt: '2025-11-25T10:00:00.000Z',
    ...overrides,
  };
}
