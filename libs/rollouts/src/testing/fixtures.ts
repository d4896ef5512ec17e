/**
 * Builders for the rollout specs: settings with the defaults the api applies, states, and
 * deterministic aggregates from rates (no randomness: the counts are the rates times n, rounded).
 */
import type { DeploymentStrategy } from '@modelgate/contracts';
import { initialState } from '../deployment/deployment-rules';
import type { AnalysisInput, RolloutSettings, RolloutState, VariantAggregate } from '../types';

export const T0 = Date.parse('2026-03-01T00:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

export function settingsFor(strategy: DeploymentStrategy, overrides: Partial<RolloutSettings> = {}): RolloutSettings {
  return {
    strategy,
    baselineVersion: 'v1',
    candidateVersion: 'v2',
    arms: [
      { name: 'baseline', version: 'v1', weight: 1 },
      { name: 'candidate', version: 'v2', weight: 1 },
    ],
    steps: strategy === 'rolling' ? [25, 50, 75, 100] : [10, 25, 50],
    canaryForm: 'rolling',
    primaryMetric: { name: 'accuracy', direction: 'higher' },
    guardrails: [
      { metric: 'error_rate', margin: 0 },
      { metric: 'latency_p95_ms', margin: 0 },
    ],
    thresholds: [],
    signals: [],
    margin: 0.02,
    alpha: 0.05,
    minSamples: 150,
    srm: { action: 'hold', threshold: 0.001 },
    limits: { failures: 0, inconclusive: 0, consecutiveErrors: 4 },
    minStepSeconds: 0,
    approvalSteps: [],
    maxDurationSeconds: 0,
    watchSeconds: 0,
    next: null,
    sequentialTuning: 5000,
    ...overrides,
  };
}

export const pending: RolloutState = initialState();

/** Latency shapes as shares per histogram bound: `fast` has its p95 in (100, 200] ms, `slow` in (200, 500]. */
export const LATENCY = {
  fast: { '20': 0.5, '50': 0.3, '100': 0.14, '200': 0.05, '500': 0.01 },
  slow: { '20': 0.4, '50': 0.3, '100': 0.14, '200': 0.08, '500': 0.08 },
} as const;

export interface Rates {
  errorRate?: number;
  accuracy?: number;
  latency?: keyof typeof LATENCY;
  /** Share of requests labelled (accuracy's sample). */
  labelled?: number;
  agreement?: number;
  shadow?: boolean;
}

export function aggregate(variant: string, version: string, n: number, rates: Rates = {}): VariantAggregate {
  const { errorRate = 0.01, accuracy = 0.9, latency = 'fast', labelled = 1, agreement = 0.97, shadow = false } = rates;
  const latencyHistogram = Object.fromEntries(Object.entries(LATENCY[latency]).map(([bound, share]) => [bound, Math.round(share * n)]));
  const labels = Math.round(n * labelled);
  const correct = Math.round(labels * accuracy);
  return {
    variant,
    version,
    predictions: n,
    errors: Math.round(n * errorRate),
    shadowPredictions: shadow ? n : 0,
    latencySum: 40 * n,
    latencyHistogram,
    outcomes: labels,
    outcomeValues: 0,
    outcomeSum: 0,
    outcomeSumSquares: 0,
    correct,
    incorrect: labels - correct,
    agreementPairs: shadow ? n : 0,
    agreements: shadow ? Math.round(n * agreement) : 0,
  };
}

export function analysis(start: number, end: number, variants: VariantAggregate[], before?: VariantAggregate[]): AnalysisInput {
  const window = { start: at(start).toISOString(), end: at(end).toISOString() };
  return before ? { window, variants, before: { window: { start: at(start - 3600).toISOString(), end: at(start).toISOString() }, variants: before } } : { window, variants };
}
