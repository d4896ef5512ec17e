import type { DecisionAction, DeploymentPhase, DeploymentStrategy, Evidence } from '@modelgate/contracts';

/**
 * The seam between the pure rollout engine (this library) and the worker that feeds it:
 * the worker reads aggregates from rollups, calls a strategy's `evaluate`, and writes the
 * returned state and decision in one transaction. Nothing here does I/O.
 */

/** Sufficient statistics of one variant over a window, summed from `rollups` rows (never raw events). */
export interface VariantAggregate {
  variant: string;
  version: string;
  /**
   * Distinct units (the randomised users or sessions) in the window, when the aggregate knows them.
   * SRM and the minimum-sample guard count these; without them they count predictions.
   */
  units?: number;
  predictions: number;
  errors: number;
  /** Predictions the variant made on mirrored traffic (shadow, blue/green before the switch). */
  shadowPredictions: number;
  latencySum: number;
  /** `{ upperBoundMs: count }` with the bounds of `LATENCY_BOUNDS_MS` and `+Inf`. */
  latencyHistogram: Record<string, number>;
  /** Joined prediction–outcome pairs; `outcomeValues` of them carried a value (n of Σ and Σ²). */
  outcomes: number;
  outcomeValues: number;
  outcomeSum: number;
  outcomeSumSquares: number;
  /** Labelled pairs: predicted label equal / not equal to the true label. */
  correct: number;
  incorrect: number;
  /** Requests answered by both this variant and the primary (paired by requestId at ingest), and how many agreed. */
  agreementPairs: number;
  agreements: number;
}

/** What one analysis tick hands to a strategy. */
export interface AnalysisInput {
  /** The window analysed: by default from the start of the current step (sequential tests accumulate over it). */
  window: { start: string; end: string };
  variants: VariantAggregate[];
  /**
   * The baseline's last window before a cut-over, for the strategies without a concurrent baseline
   * (recreate; blue/green and the post-promotion watch after the switch). Absent otherwise.
   */
  before?: { window: { start: string; end: string }; variants: VariantAggregate[] };
  /** Set when the analysis could not run (no rollups yet, a database timeout): an error, not a failure. */
  error?: string;
}

/** A metric the policy knows how to estimate from aggregates. */
export type MetricName = 'accuracy' | 'error_rate' | 'latency_p95_ms' | 'latency_p99_ms' | 'outcome_value' | 'agreement';

export interface RelativeGuardrail {
  metric: MetricName;
  /** Harm tolerated before rollback, relative (0.1 = 10 % worse); 0 = any significant harm. */
  margin: number;
}

export interface AbsoluteGuardrail {
  metric: MetricName;
  /** `max`: must stay at or below threshold; `min`: at or above. */
  bound: 'max' | 'min';
  threshold: number;
}

/** The policy of one deployment, as the api validated it (defaults applied). */
export interface RolloutSettings {
  strategy: DeploymentStrategy;
  baselineVersion: string;
  candidateVersion: string;
  /** A/B arms (at least two, the first is the control); other strategies: baseline and candidate. */
  arms: Array<{ name: string; version: string; weight: number }>;
  /** canary and rolling: candidate shares in percent; canary never above 50 before promotion. */
  steps: number[];
  canaryForm: 'rolling' | 'parallel';
  primaryMetric: { name: MetricName; direction: 'higher' | 'lower' };
  /** Relative guardrails: roll back on significant harm against the baseline in the same window. */
  guardrails: RelativeGuardrail[];
  /** Absolute thresholds (Flagger-style), beside the relative ones. */
  thresholds: AbsoluteGuardrail[];
  /** Signal metrics: significant harm holds, never rolls back (GrowthBook's safe rollouts). */
  signals: MetricName[];
  /** Non-inferiority margin (canary) or minimum effect (A/B), relative. */
  margin: number;
  alpha: number;
  /** Per variant, before anything but `hold` is decided (GrowthBook's default is 150). */
  minSamples: number;
  srm: { action: 'hold' | 'rollback' | 'warn'; threshold: number };
  /** Argo Rollouts' limits, kept apart: failed analyses, inconclusive ones, consecutive errors. */
  limits: { failures: number; inconclusive: number; consecutiveErrors: number };
  /** Seconds a step lasts at least, even when the evidence suffices earlier. */
  minStepSeconds: number;
  /** Step indexes that wait for a person before advancing (`awaiting_approval`). */
  approvalSteps: number[];
  /** A/B and shadow: stop (A/B: no winner; shadow: reject) after this many seconds. */
  maxDurationSeconds: number;
  /** Seconds the promoted (or switched) version is watched against the last verified one; 0 = no watch. */
  watchSeconds: number;
  /** shadow only: the strategy a passing shadow starts next (e.g. `canary`), or null to promote outright. */
  next: DeploymentStrategy | null;
  /** The sequential test's tuning N (gbstats default 5000). */
  sequentialTuning: number;
}

/** What the engine keeps between ticks (the deployment's row): small, plain, serialisable. */
export interface RolloutState {
  phase: DeploymentPhase;
  /** Index into `steps`; -1 before the first. */
  stepIndex: number;
  /** The candidate's share of traffic after this state, percent 0–100. */
  share: number;
  startedAt: string | null;
  stepStartedAt: string | null;
  /** When the current phase began (the watch window, an approval wait). */
  phaseStartedAt: string | null;
  /** The phase to return to on resume. */
  pausedFrom: DeploymentPhase | null;
  counters: { failures: number; inconclusive: number; consecutiveErrors: number };
  /** The version everyone gets once promoted (the winning arm for A/B). */
  promotedVersion: string | null;
  /** Analyses run so far: with the deployment id, the idempotency input of a decision. */
  analyses: number;
}

/** A decision before the worker gives it its id, deployment and time (see `modelgate.decision/v1`). */
export interface DecisionDraft {
  action: DecisionAction;
  /** The version the action is about. */
  version: string;
  phaseBefore: DeploymentPhase;
  phaseAfter: DeploymentPhase;
  /** One line quoting the numbers, ending with the action. */
  reason: string;
  evidence: Evidence;
}

/** A transition's result: never thrown, always returned. */
export interface Transition {
  state: RolloutState;
  decision: DecisionDraft;
}

/** One strategy's state machine: a pure function of state, analysis, settings and the time. */
export type Evaluate = (state: RolloutState, analysis: AnalysisInput, settings: RolloutSettings, now: Date) => Transition;

/** Operator commands, audited by the api; each is a pure transition too. */
export type ControlCommand =
  | { kind: 'start' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'abort'; by: string }
  | { kind: 'approve'; by: string }
  /** An external alarm (Alertmanager) names this deployment: roll back, the alert as evidence. */
  | { kind: 'alert'; summary: string };
