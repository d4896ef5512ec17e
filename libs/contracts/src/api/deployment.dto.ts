import { z } from 'zod';
import { deploymentPhases, deploymentStrategies } from './live-deployment';
import { targetingSchema } from './targeting.dto';

const versionName = z.string().min(1).max(100);

/** The metrics the policy estimates from rollups (libs/rollouts `MetricName`). */
export const metricNames = ['accuracy', 'error_rate', 'latency_p95_ms', 'latency_p99_ms', 'outcome_value', 'agreement'] as const;
const metricName = z.enum(metricNames);

/** The metric a deployment is judged on, and which way is better. */
export const primaryMetricSchema = z.object({
  name: metricName,
  /** `higher` means larger values are better (accuracy); `lower` the opposite (error rate). */
  direction: z.enum(['higher', 'lower']),
});

/** A relative guardrail: roll back on significant harm against the baseline in the same window. */
export const guardrailSchema = z.object({
  metric: metricName,
  /** Harm tolerated before rollback, relative (0.1 = 10 % worse); 0 = any significant harm. */
  margin: z.number().min(0).max(10).default(0),
});

/** An absolute threshold (Flagger-style): the candidate fails when the metric crosses it in the bad direction. */
export const thresholdSchema = z.object({
  metric: metricName,
  /** `max`: the metric must stay at or below threshold (latency_p99_ms); `min`: at or above. */
  bound: z.enum(['max', 'min']),
  threshold: z.number().finite(),
});

/** One A/B arm with its relative weight. */
export const armSchema = z.object({
  name: z.string().min(1).max(64).regex(/^[a-z0-9_-]+$/i, 'letters, digits, _ and - only'),
  version: versionName,
  weight: z.number().positive().max(1_000_000),
});

/** A candidate share in percent, with at most two decimals (the column is numeric(5,2)). */
const percentStep = z
  .number()
  .gt(0)
  .max(100)
  .refine((s) => Math.abs(s * 100 - Math.round(s * 100)) < 1e-9, 'a share has at most two decimals');

/**
 * The policy of a deployment, validated and defaulted once here and stored as `deployments.settings`;
 * the worker reads it back as libs/rollouts' `RolloutSettings`.
 */
export const deploymentSettingsSchema = z.object({
  intervalSeconds: z.int().min(5).max(86_400).default(300),
  primaryMetric: primaryMetricSchema.default({ name: 'error_rate', direction: 'lower' }),
  /** Relative guardrails: significant harm rolls back. */
  guardrails: z.array(guardrailSchema).max(20).default([
    { metric: 'error_rate', margin: 0 },
    { metric: 'latency_p95_ms', margin: 0.1 },
  ]),
  /** Absolute thresholds beside the relative guardrails. */
  thresholds: z.array(thresholdSchema).max(20).default([]),
  /** Signal metrics: significant harm holds, never rolls back. */
  signals: z.array(metricName).max(20).default([]),
  /** Non-inferiority margin (canary) or minimum effect (A/B), as a fraction. */
  margin: z.number().min(0).max(1).default(0.01),
  alpha: z.number().gt(0).max(0.5).default(0.05),
  /** Per variant, before anything but `hold` is decided (GrowthBook's default). */
  minSamples: z.int().min(1).max(100_000_000).default(150),
  srm: z.object({ action: z.enum(['hold', 'rollback', 'warn']).default('hold'), threshold: z.number().gt(0).max(0.5).default(0.001) }).default({ action: 'hold', threshold: 0.001 }),
  limits: z
    .object({ failures: z.int().min(1).max(100).default(1), inconclusive: z.int().min(1).max(10_000).default(1000), consecutiveErrors: z.int().min(1).max(100).default(4) })
    .default({ failures: 1, inconclusive: 1000, consecutiveErrors: 4 }),
  minStepSeconds: z.int().min(0).max(30 * 86_400).default(0),
  /** Step indexes that wait for `POST /v1/deployments/:id/approve` before advancing. */
  approvalSteps: z.array(z.int().min(0).max(19)).max(20).default([]),
  maxDurationSeconds: z.int().min(60).max(365 * 86_400).default(14 * 86_400),
  watchSeconds: z.int().min(0).max(30 * 86_400).default(0),
  /** shadow only: the strategy a passing shadow starts next (e.g. `canary`), or null to promote outright. */
  next: z.enum(deploymentStrategies).nullable().default(null),
  /** canary only: `rolling` (on some existing instances) or `parallel` (a new set beside them). */
  canaryForm: z.enum(['rolling', 'parallel']).default('parallel'),
  /** The sequential test's tuning N (gbstats default 5000). */
  sequentialTuning: z.int().min(1).max(100_000_000).default(5000),
  /** ab_test: randomise per unit (sticky) or per request. */
  randomisation: z.enum(['unit', 'request']).default('unit'),
});
export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

const createDeploymentObject = deploymentSettingsSchema.extend({
  model: z.string().min(1).max(200),
  /** Shown to operators; defaults to `<model> <baseline> → <candidate>`. */
  name: z.string().min(1).max(200).optional(),
  baselineVersion: versionName,
  candidateVersion: versionName,
  strategy: z.enum(deploymentStrategies),
  /**
   * Candidate shares in percent, strictly increasing (canary: at most 50 before promotion; rolling: up
   * to 100). A shadow with `next` gives them to the deployment it starts (default: that strategy's).
   */
  steps: z.array(percentStep).max(20).default([]),
  targeting: targetingSchema.nullable().default(null),
  /** ab_test only: two or more arms; when absent, baseline and candidate split 50/50. */
  arms: z.array(armSchema).min(2).max(20).optional(),
});

/** A new deployment: everything is checked on the way in, every error listed (400). */
export const createDeploymentSchema = createDeploymentObject
  .extend({
    /** Start at once (phase `progressing`) instead of waiting for `POST /v1/deployments/:id/start`. */
    start: z.boolean().default(false),
    /** Deploy a version that was rolled back before (refused with 409 otherwise). */
    allowRejected: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (d.baselineVersion === d.candidateVersion) {
      ctx.addIssue({ code: 'custom', path: ['candidateVersion'], message: 'the candidate must differ from the baseline' });
    }
    d.steps.forEach((s, i) => {
      if (i > 0 && s <= (d.steps[i - 1] ?? 0)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'steps must increase strictly' });
    });
    // A shadow's steps are those of the deployment it starts next, checked as that strategy's.
    const stepsOf = d.strategy === 'shadow' ? d.next : d.strategy;
    if (d.strategy === 'shadow' && d.next === null && d.steps.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a shadow has no steps of its own: set next (e.g. canary) to give the deployment it starts these steps' });
    }
    if (stepsOf === 'canary' && d.steps.some((s) => s > 50)) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a canary stays at or below 50 % before full promotion' });
    }
    if ((d.strategy === 'canary' || d.strategy === 'rolling') && d.steps.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `a ${d.strategy} deployment needs steps, e.g. [5, 10, 25, 50]` });
    }
    if (d.arms && d.strategy !== 'ab_test') {
      ctx.addIssue({ code: 'custom', path: ['arms'], message: 'arms are for ab_test only' });
    }
    if (d.arms && new Set(d.arms.map((a) => a.name)).size !== d.arms.length) {
      ctx.addIssue({ code: 'custom', path: ['arms'], message: 'arm names must be unique' });
    }
    if (d.next !== null && d.strategy !== 'shadow') {
      ctx.addIssue({ code: 'custom', path: ['next'], message: 'next is for shadow only' });
    }
    if (d.next === 'shadow') ctx.addIssue({ code: 'custom', path: ['next'], message: 'a shadow cannot start another shadow' });
    d.approvalSteps.forEach((s, i) => {
      if (s >= Math.max(d.steps.length, 1)) ctx.addIssue({ code: 'custom', path: ['approvalSteps', i], message: `step ${s} does not exist: steps has ${d.steps.length}` });
    });
  })
  .meta({
    example: {
      model: 'animal-classifier',
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'canary',
      steps: [5, 10, 25, 50],
      intervalSeconds: 300,
      primaryMetric: { name: 'accuracy', direction: 'higher' },
      guardrails: [
        { metric: 'error_rate', margin: 0 },
        { metric: 'latency_p95_ms', margin: 0.1 },
      ],
      thresholds: [{ metric: 'latency_p99_ms', bound: 'max', threshold: 250 }],
      minSamples: 2000,
      margin: 0.01,
      approvalSteps: [3],
      targeting: { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
      start: true,
    },
  });
export type CreateDeployment = z.infer<typeof createDeploymentSchema>;

/** A deployment as the api returns it. */
export const deploymentSchema = createDeploymentObject.extend({
  id: z.uuid(),
  name: z.string(),
  phase: z.enum(deploymentPhases),
  salt: z.string(),
  /** Index into `steps` of the current step; -1 before the first. */
  currentStep: z.int(),
  /** The candidate's share of traffic, percent 0–100. */
  candidateShare: z.number().min(0).max(100),
  arms: z.array(armSchema),
  promotedVersion: z.string().nullable(),
  /** Analyses run so far. */
  analyses: z.int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** Where a deployment stands, for operators and dashboards. */
export const deploymentPhaseViewSchema = z.object({
  id: z.uuid(),
  phase: z.enum(deploymentPhases),
  strategy: z.enum(deploymentStrategies),
  currentStep: z.int(),
  steps: z.array(z.number()),
  candidateShare: z.number(),
  promotedVersion: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeploymentPhaseView = z.infer<typeof deploymentPhaseViewSchema>;

export const listDeploymentsQuerySchema = z.object({
  model: z.string().min(1).max(200).optional(),
  phase: z.enum(deploymentPhases).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListDeploymentsQuery = z.infer<typeof listDeploymentsQuerySchema>;
