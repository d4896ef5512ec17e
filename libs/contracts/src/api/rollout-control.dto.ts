import { z } from 'zod';
import { decisionActions, decisionSchema, evidenceSchema } from '../decisions/decision.schema';
import { deploymentPhases } from './live-deployment';

/** An optional note an operator attaches to a control action (kept in the audit log). */
export const controlRequestSchema = z.object({ comment: z.string().max(1000).optional() }).default({});
export type ControlRequest = z.infer<typeof controlRequestSchema>;

/** Where a control command left the deployment, and the decision it made (null for pause and resume: no traffic moves). */
export const controlResultSchema = z.object({
  phase: z.enum(deploymentPhases),
  step: z.int(),
  /** The candidate's share of traffic, percent 0–100. */
  candidateShare: z.number().min(0).max(100),
  decision: decisionSchema.nullable(),
});
export type ControlResultDto = z.infer<typeof controlResultSchema>;

/** One analysis: the window, what it decided, and its evidence. */
export const analysisSchema = z.object({
  id: z.uuid(),
  deploymentId: z.uuid(),
  /** 1, 2, … per deployment: the n of the decision id `deployment:<id>:analysis:<n>`. */
  number: z.int().min(1),
  step: z.int(),
  window: z.object({ start: z.string(), end: z.string() }),
  action: z.enum(decisionActions),
  phaseBefore: z.enum(deploymentPhases).nullable(),
  phaseAfter: z.enum(deploymentPhases).nullable(),
  evidence: evidenceSchema,
  createdAt: z.string(),
});
export type AnalysisDto = z.infer<typeof analysisSchema>;

/**
 * A line of a deployment's timeline, oldest first: a decision with the state change it made, an
 * audited control action (with the API key that did it), or a call a gate recorded (Flagger's
 * `event` and `post-rollout` hooks). The one schema of `GET /v1/deployments/:id/timeline` and of the report.
 */
export const timelineEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(['decision', 'control', 'gate']),
  /** The decision's action, the control action (start, pause, resume, abort, approve, alert_firing…), or the gate's hook. */
  action: z.string(),
  phaseBefore: z.enum(deploymentPhases).nullable(),
  phaseAfter: z.enum(deploymentPhases).nullable(),
  /** The candidate's share after a decision, percent 0–100; null for the other kinds. */
  share: z.number().min(0).max(100).nullable(),
  /** The decision's reason, the operator's comment, or the gate event's message. */
  reason: z.string().nullable(),
  decisionId: z.uuid().nullable(),
  /** The API key that did a control action (null for the worker's decisions and for gate calls). */
  keyId: z.string().nullable(),
  keyName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntryDto = z.infer<typeof timelineEntrySchema>;
