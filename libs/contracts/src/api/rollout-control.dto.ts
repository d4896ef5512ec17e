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

/** A line of a deployment's timeline: a decision with the state change it made, or an audited control action. */
export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['decision', 'control']),
  action: z.string(),
  phaseBefore: z.enum(deploymentPhases).nullable(),
  phaseAfter: z.enum(deploymentPhases).nullable(),
  reason: z.string().nullable(),
  decisionId: z.uuid().nullable(),
  /** The API key that did a control action (null for the worker's decisions). */
  keyId: z.string().nullable(),
  keyName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntryDto = z.infer<typeof timelineEntrySchema>;
