import { z } from 'zod';
import { deploymentPhases, deploymentStrategies } from '../api/live-deployment';

/** The schema name every decision carries, so that a receiver can tell versions apart. */
export const DECISION_SCHEMA = 'modelgate.decision/v1';

/** What a decision asks the deploy system to do (design.md, "Names"). */
export type DecisionAction =
  /** Move to the next step (a larger share, the switch of blue/green, the next strategy of a shadow). */
  | 'advance'
  /** Give everyone the candidate (or the winning arm). */
  | 'promote'
  /** Give everyone the baseline (or the last verified version) back; the candidate is rejected. */
  | 'rollback'
  /** Inconclusive: keep the traffic as it is and keep collecting. Never a pass. */
  | 'hold'
  /** The model version drifted: retrain it. Moves no traffic by itself. */
  | 'retrain';
export const decisionActions = ['advance', 'promote', 'rollback', 'hold', 'retrain'] as const satisfies readonly DecisionAction[];

/** How a test came out. `error`: it could not run (no data, a void estimate), which is not a failure. */
export const testVerdicts = ['pass', 'fail', 'inconclusive', 'warn', 'error'] as const;
export type TestVerdict = (typeof testVerdicts)[number];

/** What a metric is for in the policy: primary decides, guardrails roll back, signals only hold. */
export const metricRoles = ['primary', 'guardrail', 'signal', 'srm', 'sample', 'drift', 'alert'] as const;
export type MetricRole = (typeof metricRoles)[number];

const isoTime = z.iso.datetime({ offset: true });
const finite = z.number();

/** A metric's estimate for one variant over the window, with its interval when one applies. */
export const metricEstimateSchema = z.object({
  metric: z.string(),
  value: finite.nullable(),
  /** The interval of the estimate (always-valid where the test is sequential); null when none. */
  ciLower: finite.nullable(),
  ciUpper: finite.nullable(),
  /** The sample behind the estimate (units, labelled pairs, outcome values…). */
  n: z.number().int().min(0),
});
export type MetricEstimate = z.infer<typeof metricEstimateSchema>;

/** One variant's counts and estimates over the analysed window. */
export const variantEvidenceSchema = z.object({
  variant: z.string(),
  version: z.string(),
  predictions: z.number().int().min(0),
  errors: z.number().int().min(0),
  /** Prediction–outcome pairs joined (labelled or valued). */
  outcomes: z.number().int().min(0),
  estimates: z.array(metricEstimateSchema),
});
export type VariantEvidence = z.infer<typeof variantEvidenceSchema>;

/** Every test that ran, whatever its verdict: the numbers a person needs to check the decision. */
export const testEvidenceSchema = z.object({
  /** The method, e.g. `sequential_t`, `two_proportion_z`, `histogram_mann_whitney`, `chance_to_win`, `chi_square_srm`, `threshold`, `ks`, `ddm`. */
  name: z.string(),
  metric: z.string(),
  role: z.enum(metricRoles),
  /** The variant tested against the baseline (or the reference), when the test compares two. */
  variant: z.string().nullable(),
  statistic: finite.nullable(),
  pValue: finite.nullable(),
  /** Bayesian chance to win, when the test is Bayesian. */
  probability: finite.nullable(),
  /** The effect's interval (relative unless `name` says otherwise). */
  ciLower: finite.nullable(),
  ciUpper: finite.nullable(),
  /** The threshold the test was compared with (α, a margin, an absolute bound, a drift threshold). */
  threshold: finite.nullable(),
  verdict: z.enum(testVerdicts),
  /** One line in words, quoting the numbers. */
  detail: z.string(),
});
export type TestEvidence = z.infer<typeof testEvidenceSchema>;

export const srmEvidenceSchema = z.object({
  /** Expected share of each variant (0–1) and observed counts. */
  expected: z.record(z.string(), finite),
  observed: z.record(z.string(), z.number().int().min(0)),
  statistic: finite.nullable(),
  pValue: finite.nullable(),
  threshold: finite,
  verdict: z.enum(testVerdicts),
});
export type SrmEvidence = z.infer<typeof srmEvidenceSchema>;

export const sampleGuardEvidenceSchema = z.object({
  minSamples: z.number().int().min(0),
  observed: z.record(z.string(), z.number().int().min(0)),
  met: z.boolean(),
});
export type SampleGuardEvidence = z.infer<typeof sampleGuardEvidenceSchema>;

/** Data drift of one feature (or of the predicted labels) against the reference. */
export const featureDriftEvidenceSchema = z.object({
  feature: z.string(),
  /** `numeric` or `categorical`, as Evidently's rule sees it. */
  type: z.enum(['numeric', 'categorical']),
  method: z.string(),
  /** Why that method ran (Evidently's rule), e.g. `numeric, n <= 1000: ks`. */
  methodReason: z.string(),
  /** `p_value` (drift when below the threshold) or `distance` (drift when at or above it). */
  score: z.enum(['p_value', 'distance']),
  value: finite.nullable(),
  threshold: finite,
  drifted: z.boolean(),
});
export type FeatureDriftEvidence = z.infer<typeof featureDriftEvidenceSchema>;

/** A streaming detector over the labelled error stream. */
export const detectorEvidenceSchema = z.object({
  detector: z.enum(['ddm', 'adwin', 'page_hinkley']),
  state: z.enum(['stable', 'warning', 'drift']),
  /** The index in the version's pair stream (join order) where it flagged; null when it did not. */
  index: z.number().int().min(0).nullable(),
  errorRateBefore: finite.nullable(),
  errorRateAfter: finite.nullable(),
  pairsSeen: z.number().int().min(0),
});
export type DetectorEvidence = z.infer<typeof detectorEvidenceSchema>;

export const driftEvidenceSchema = z.object({
  model: z.string(),
  version: z.string(),
  reference: z.object({ kind: z.enum(['first_window', 'uploaded', 'fixed_window']), start: isoTime.nullable(), end: isoTime.nullable() }),
  features: z.array(featureDriftEvidenceSchema),
  /** Share of features drifted, and the share that makes the dataset drifted (Evidently's 0.5 by default). */
  driftShare: finite,
  driftShareThreshold: finite,
  datasetDrifted: z.boolean(),
  prediction: featureDriftEvidenceSchema.nullable(),
  detectors: z.array(detectorEvidenceSchema),
});
export type DriftEvidence = z.infer<typeof driftEvidenceSchema>;

/** The numbers behind a decision. Empty arrays and nulls are honest: that part did not apply. */
export const evidenceSchema = z.object({
  window: z.object({ start: isoTime, end: isoTime }),
  /**
   * What the candidate was compared with: `concurrent` (the baseline in the same window) or
   * `before` (the baseline's last window before a cut-over: recreate, and blue/green after the switch).
   */
  comparison: z.enum(['concurrent', 'before', 'none']),
  /** The window the `before` comparison used. */
  referenceWindow: z.object({ start: isoTime, end: isoTime }).nullable(),
  variants: z.array(variantEvidenceSchema),
  tests: z.array(testEvidenceSchema),
  srm: srmEvidenceSchema.nullable(),
  sampleGuard: sampleGuardEvidenceSchema.nullable(),
  drift: driftEvidenceSchema.nullable(),
  /** Counters of the policy after this analysis (Argo Rollouts' limits, kept apart). */
  counters: z.object({ failures: z.number().int().min(0), inconclusive: z.number().int().min(0), consecutiveErrors: z.number().int().min(0) }),
  /** Plain notes a person should read (e.g. that recreate has no concurrent baseline), or an external alert. */
  notes: z.array(z.string()),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * `modelgate.decision/v1`: written with the state change in one transaction, then carried unchanged
 * by the outbox, webhooks, the `modelgate.decisions` topic, the gates and the reports.
 */
export const decisionSchema = z.object({
  schema: z.literal(DECISION_SCHEMA),
  /** Also the idempotency key: derived from what was decided on, so the same analysis never yields two ids. */
  id: z.uuid(),
  /** The deployment decided on; null for a retrain of a version in no deployment (then `monitorId`). */
  deploymentId: z.uuid().nullable(),
  monitorId: z.uuid().nullable(),
  /** The analysis this decision came from; null for control actions (abort) and external alerts. */
  analysisId: z.uuid().nullable(),
  model: z.string(),
  strategy: z.enum(deploymentStrategies).nullable(),
  /** canary only: `rolling` (the candidate on some existing instances) or `parallel` (a new set beside them). */
  canaryForm: z.enum(['rolling', 'parallel']).nullable(),
  baselineVersion: z.string().nullable(),
  candidateVersion: z.string().nullable(),
  /** The version the action is about: the candidate, the winning arm, the version rolled back to, or the drifted version. */
  version: z.string(),
  action: z.enum(decisionActions),
  phaseBefore: z.enum(deploymentPhases).nullable(),
  phaseAfter: z.enum(deploymentPhases).nullable(),
  /** The step index and the candidate's share (percent of traffic, 0–100) after the decision. */
  step: z.number().int().min(-1).nullable(),
  share: z.number().min(0).max(100).nullable(),
  /** One line a person can act on, quoting the numbers, ending with the action. */
  reason: z.string().min(1),
  evidence: evidenceSchema,
  madeAt: isoTime,
});
export type Decision = z.infer<typeof decisionSchema>;
