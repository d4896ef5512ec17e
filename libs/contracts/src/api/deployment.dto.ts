import { z } from 'zod';
import { deploymentStatuses, deploymentStrategies } from './live-deployment';
import { targetingSchema } from './targeting.dto';

const versionName = z.string().min(1).max(100);

/** The metric a deployment is judged on, and which way is better. */
export const primaryMetricSchema = z.object({
  name: z.string().min(1).max(100),
  /** `higher` means larger values are better (accuracy); `lower` the opposite (error rate). */
  direction: z.enum(['higher', 'lower']),
});

/** A guardrail: the candidate fails when the metric crosses `threshold` in the bad direction. */
export const guardrailSchema = z.object({
  metric: z.string().min(1).max(100),
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

const percentStep = z.number().gt(0).max(100);

const createDeploymentObject = z.object({
  model: z.string().min(1).max(200),
  /** Shown to operators; defaults to `<model> <baseline> → <candidate>`. */
  name: z.string().min(1).max(200).optional(),
  baselineVersion: versionName,
  candidateVersion: versionName,
  strategy: z.enum(deploymentStrategies),
  /** Candidate shares in percent, strictly increasing (canary: at most 50 before promotion; rolling: up to 100). */
  steps: z.array(percentStep).max(20).default([]),
  intervalSeconds: z.int().min(5).max(86_400).default(300),
  primaryMetric: primaryMetricSchema,
  guardrails: z.array(guardrailSchema).max(20).default([]),
  minSamples: z.int().min(1).max(100_000_000).default(1000),
  /** Non-inferiority margin (canary) or minimum detectable effect (A/B), as a fraction. */
  margin: z.number().min(0).max(1).default(0.01),
  targeting: targetingSchema.nullable().default(null),
  /** ab_test only: two or more arms; when absent, baseline and candidate split 50/50. */
  arms: z.array(armSchema).min(2).max(20).optional(),
  randomisation: z.enum(['unit', 'request']).default('unit'),
});

/** A new deployment: everything is checked on the way in, every error listed (400). */
export const createDeploymentSchema = createDeploymentObject
  .superRefine((d, ctx) => {
    if (d.baselineVersion === d.candidateVersion) {
      ctx.addIssue({ code: 'custom', path: ['candidateVersion'], message: 'the candidate must differ from the baseline' });
    }
    d.steps.forEach((s, i) => {
      if (i > 0 && s <= (d.steps[i - 1] ?? 0)) ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'steps must increase strictly' });
    });
    if (d.strategy === 'canary' && d.steps.some((s) => s > 50)) {
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
        { metric: 'error_rate', bound: 'max', threshold: 0.02 },
        { metric: 'latency_p99_ms', bound: 'max', threshold: 250 },
      ],
      minSamples: 2000,
      margin: 0.01,
      targeting: { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
    },
  });
export type CreateDeployment = z.infer<typeof createDeploymentSchema>;

/** A deployment as the api returns it. */
export const deploymentSchema = createDeploymentObject.extend({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(deploymentStatuses),
  salt: z.string(),
  /** Index into `steps` of the current step; -1 before the first. */
  currentStep: z.int(),
  candidateShare: z.int().min(0).max(10_000),
  arms: z.array(armSchema),
  promotedVersion: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** Where a deployment stands, for operators and dashboards. */
export const deploymentStatusSchema = z.object({
  id: z.uuid(),
  status: z.enum(deploymentStatuses),
  strategy: z.enum(deploymentStrategies),
  currentStep: z.int(),
  steps: z.array(z.number()),
  candidateShare: z.int(),
  candidatePercent: z.number(),
  promotedVersion: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeploymentStatusView = z.infer<typeof deploymentStatusSchema>;

export const listDeploymentsQuerySchema = z.object({
  model: z.string().min(1).max(200).optional(),
  status: z.enum(deploymentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListDeploymentsQuery = z.infer<typeof listDeploymentsQuerySchema>;
