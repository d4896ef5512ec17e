import { z } from 'zod';
import { unitAttributesSchema } from './targeting.dto';

/** Which reason decided an assignment; one code per rule of libs/assignment. */
export const assignmentReasons = [
  /** `x-modelgate-version` forced the version (the key has the override right). */
  'override',
  /** The unit fails the deployment's targeting rules: baseline. */
  'not_targeted',
  /** The deployment is not started yet: baseline. */
  'pending',
  /** The deployment was rolled back: baseline. */
  'rolled_back',
  /** The deployment stopped without a winner (an A/B test at its maximum duration): baseline. */
  'stopped',
  /** The deployment was promoted (or is watching the promoted version): the promoted version; a shadow that started its next deployment: the baseline. */
  'promoted',
  /** canary: the unit's bucket is below the cohort share. */
  'canary_in',
  /** canary: the unit's bucket is at or above the cohort share. */
  'canary_out',
  /** rolling: the request's bucket fell on a replaced instance (or not). */
  'rolling_share',
  /** blue_green: everyone is on the active colour. */
  'blue_green_active',
  /** recreate: everyone is on the current version. */
  'recreate_current',
  /** shadow: the baseline answers, the candidate is mirrored. */
  'shadow_mirror',
  /** ab_test: the unit's A/B bucket chose the arm. */
  'ab_unit',
  /** ab_test: the request's A/B bucket chose the arm. */
  'ab_request',
] as const;
export type AssignmentReason = (typeof assignmentReasons)[number];

/** Who is being assigned, and to which deployment (by id, or the live deployment of a model). */
export const assignRequestSchema = z
  .object({
    deploymentId: z.uuid().optional(),
    model: z.string().min(1).max(200).optional(),
    unitId: z.string().min(1).max(256),
    attributes: unitAttributesSchema.optional(),
    /** Per-request randomisation (rolling, A/B per request) hashes this; the api makes one up when absent. */
    requestId: z.string().min(1).max(256).optional(),
  })
  .refine((r) => r.deploymentId !== undefined || r.model !== undefined, {
    message: 'give deploymentId or model',
    path: ['deploymentId'],
  })
  .meta({
    example: { model: 'animal-classifier', unitId: 'user-4217', attributes: { region: 'AU' } },
  });
export type AssignRequest = z.infer<typeof assignRequestSchema>;

export const maxAssignBatch = 1000;

export const assignBatchRequestSchema = z
  .object({ units: z.array(assignRequestSchema).min(1).max(maxAssignBatch) })
  .meta({
    example: {
      units: [
        { model: 'animal-classifier', unitId: 'user-4217', attributes: { region: 'AU' } },
        { model: 'animal-classifier', unitId: 'user-88', attributes: { region: 'DE' } },
      ],
    },
  });
export type AssignBatchRequest = z.infer<typeof assignBatchRequestSchema>;

/** The routing answer; `reason` says which rule decided. */
export const assignmentSchema = z
  .object({
    deploymentId: z.string(),
    version: z.string(),
    variant: z.string(),
    cohort: z.string(),
    shadowVersions: z.array(z.string()),
    reason: z.enum(assignmentReasons),
  })
  .meta({
    example: {
      deploymentId: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
      version: 'v2',
      variant: 'candidate',
      cohort: 'canary',
      shadowVersions: [],
      reason: 'canary_in',
    },
  });
export type Assignment = z.infer<typeof assignmentSchema>;

export const assignBatchResponseSchema = z.object({ assignments: z.array(assignmentSchema) });
export type AssignBatchResponse = z.infer<typeof assignBatchResponseSchema>;
