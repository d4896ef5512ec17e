import { z } from 'zod';
import {
  decisionActions,
  decisionSchema,
  driftEvidenceSchema,
  metricRoles,
  srmEvidenceSchema,
} from '../decisions/decision.schema';
import { deploymentStrategies } from './live-deployment';

/** The schema name every report carries. */
export const REPORT_SCHEMA = 'modelgate.report/v1';

const isoTime = z.iso.datetime({ offset: true });

/** What the report shows of the deployment: as little as it needs, so the deployment row can evolve. */
export const reportDeploymentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  model: z.string(),
  strategy: z.enum(deploymentStrategies),
  /** The deployment's phase now (a `DeploymentPhase`, or an older status word). */
  phase: z.string(),
  baselineVersion: z.string(),
  candidateVersion: z.string(),
  /** Candidate shares of the steps, in percent. */
  steps: z.array(z.number()),
  currentStep: z.int(),
  /** The candidate's share now, in percent. */
  share: z.number(),
  /** A/B arms (relative weights); empty for the other strategies. */
  arms: z.array(z.object({ name: z.string(), version: z.string(), weight: z.number() })),
  primaryMetric: z.object({ name: z.string(), direction: z.enum(['higher', 'lower']) }).nullable(),
  createdAt: isoTime,
});
export type ReportDeployment = z.infer<typeof reportDeploymentSchema>;

/** One step of the plan, with what its analyses decided. */
export const reportStepSchema = z.object({
  index: z.int(),
  share: z.number(),
  analyses: z.int().min(0),
  firstAt: isoTime.nullable(),
  lastAt: isoTime.nullable(),
  /** The decision that ended the step (advance, promote, rollback…); null while it runs or before it. */
  outcome: z.enum(decisionActions).nullable(),
});
export type ReportStep = z.infer<typeof reportStepSchema>;

/** One line of the timeline: a decision (state change or hold) or a control action with who did it. */
export const reportTimelineEntrySchema = z.object({
  at: isoTime,
  kind: z.enum(['decision', 'control']),
  /** The decision's action, or the control action (start, pause, resume, abort, approve…). */
  action: z.string(),
  /** Who: the API key's name for a control action; `engine` for a decision. */
  actor: z.string().nullable(),
  phaseBefore: z.string().nullable(),
  phaseAfter: z.string().nullable(),
  share: z.number().nullable(),
  reason: z.string(),
  decisionId: z.uuid().nullable(),
});
export type ReportTimelineEntry = z.infer<typeof reportTimelineEntrySchema>;

/** A metric's estimate for one variant at one analysis. */
export const metricPointSchema = z.object({
  analysisId: z.string(),
  at: isoTime,
  value: z.number().nullable(),
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
  n: z.int().min(0),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const variantSeriesSchema = z.object({
  variant: z.string(),
  version: z.string(),
  /** Totals over the deployment's rollups (all time), not only the analysed windows. */
  totals: z.object({ predictions: z.number().int().min(0), errors: z.number().int().min(0), outcomes: z.number().int().min(0) }),
  metrics: z.array(z.object({ metric: z.string(), role: z.enum(metricRoles), points: z.array(metricPointSchema) })),
});
export type VariantSeries = z.infer<typeof variantSeriesSchema>;

/**
 * One analysis (one engine tick): when, at which step and share, what it decided, its counts and SRM.
 * Its tests and sample guard are in its decision's evidence (`decisions[]`, by `decisionId`), not copied.
 */
export const reportAnalysisSchema = z.object({
  /** The analysis id, or the decision id when the decision had no analysis. */
  id: z.string(),
  decisionId: z.uuid(),
  at: isoTime,
  window: z.object({ start: isoTime, end: isoTime }),
  comparison: z.enum(['concurrent', 'before', 'none']),
  step: z.int().nullable(),
  share: z.number().nullable(),
  action: z.enum(decisionActions),
  variants: z.array(z.object({ variant: z.string(), version: z.string(), predictions: z.int(), errors: z.int(), outcomes: z.int() })),
  srm: srmEvidenceSchema.nullable(),
});
export type ReportAnalysis = z.infer<typeof reportAnalysisSchema>;

/** `modelgate.report/v1`: the one model behind the JSON, CSV and HTML renderings. */
export const reportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  generatedAt: isoTime,
  deployment: reportDeploymentSchema,
  steps: z.array(reportStepSchema),
  timeline: z.array(reportTimelineEntrySchema),
  variants: z.array(variantSeriesSchema),
  analyses: z.array(reportAnalysisSchema),
  /** The latest drift evidence of each live version (per feature, prediction drift, detectors). */
  drift: z.array(driftEvidenceSchema),
  /** Every decision, oldest first, with its evidence and reason, as `modelgate.decision/v1`. */
  decisions: z.array(decisionSchema),
});
export type Report = z.infer<typeof reportSchema>;

/** A signed link to the HTML report, for people without an API key. */
export const createReportLinkSchema = z
  .object({
    /** How long the link works; short-lived by design. */
    ttlSeconds: z.int().min(60).max(7 * 86_400).default(3_600),
  })
  .meta({ example: { ttlSeconds: 3600 } });
export type CreateReportLink = z.infer<typeof createReportLinkSchema>;

export const reportLinkSchema = z.object({
  /** Opens the HTML report without a key until `expiresAt`. */
  url: z.string(),
  path: z.string(),
  expiresAt: isoTime,
});
export type ReportLink = z.infer<typeof reportLinkSchema>;
