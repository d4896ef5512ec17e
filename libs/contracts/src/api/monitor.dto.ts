import { z } from 'zod';
import { driftEvidenceSchema } from '../decisions/decision.schema';
import { shortText } from '../events/event-field.schema';
import { predictionEventSchema } from '../events/prediction-event.schema';

/** The drift methods a monitor may name (libs/stats `SKETCH_DRIFT_METHODS`), or `auto`: Evidently's choice. */
export const driftMethodNames = ['ks', 'chisquare', 'z', 'jensenshannon', 'wasserstein', 'psi'] as const;
export type DriftMethodName = (typeof driftMethodNames)[number];

const isoTime = z.iso.datetime({ offset: true });
const DAY = 86_400;

/** A model or version name in a path: as in events (1–200 characters, no NUL). */
export const modelNameSchema = shortText;

/** What the current window is compared with. */
export const monitorReferenceSettingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** The version's own first window after it went live (its first events), `seconds` long. */
    kind: z.literal('first_window'),
    seconds: z.number().int().min(60).max(30 * DAY).default(3600),
  }),
  /** A sample uploaded as prediction events (`POST …/reference`), e.g. the training set. */
  z.strictObject({ kind: z.literal('uploaded') }),
  z
    .strictObject({ kind: z.literal('fixed_window'), start: isoTime, end: isoTime })
    .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'start must be before end', path: ['end'] }),
]);
export type MonitorReferenceSettings = z.infer<typeof monitorReferenceSettingsSchema>;

const probability = z.number().gt(0).lt(1);
/** A concept-drift detector and its options (River's names and defaults when omitted). */
export const detectorSettingsSchema = z.discriminatedUnion('detector', [
  z.strictObject({
    detector: z.literal('ddm'),
    options: z.strictObject({ warmStart: z.number().int().min(1).optional(), warningThreshold: z.number().positive().optional(), driftThreshold: z.number().positive().optional() }).optional(),
  }),
  z.strictObject({
    detector: z.literal('adwin'),
    options: z
      .strictObject({ delta: probability.optional(), clock: z.number().int().min(1).optional(), maxBuckets: z.number().int().min(1).optional(), minWindowLength: z.number().int().min(1).optional(), gracePeriod: z.number().int().min(1).optional() })
      .optional(),
  }),
  z.strictObject({
    detector: z.literal('page_hinkley'),
    options: z
      .strictObject({ minInstances: z.number().int().min(1).optional(), delta: z.number().min(0).optional(), threshold: z.number().positive().optional(), alpha: z.number().gt(0).max(1).optional(), mode: z.enum(['up', 'down', 'both']).optional() })
      .optional(),
  }),
]);
export type DetectorSettings = z.infer<typeof detectorSettingsSchema>;

/** A monitor's settings; every field has a default, so `{}` watches everything as Evidently would. */
export const monitorSettingsSchema = z
  .strictObject({
    /** The features to test; null: every feature the version's events carry. */
    features: z.array(z.string().min(1).max(200)).min(1).nullable().default(null),
    /** `auto`: Evidently's choice per feature (reference size, type, distinct values). */
    method: z.enum(['auto', ...driftMethodNames]).default('auto'),
    /** The method's threshold; null: the method's default (0.05 for p-values, 0.1 for distances). */
    threshold: z.number().positive().nullable().default(null),
    /** The share of drifted features that makes the dataset drifted (Evidently's 0.5). */
    driftShare: z.number().gt(0).max(1).default(0.5),
    /** The current window: the last `windowSeconds` before each tick. */
    windowSeconds: z.number().int().min(10).max(30 * DAY).default(3600),
    /** How often the worker ticks; null: once per window. */
    intervalSeconds: z.number().int().min(5).max(DAY).nullable().default(null),
    /** Fewer events than this in either window: the feature is not tested (too little data). */
    minEvents: z.number().int().min(1).default(100),
    reference: monitorReferenceSettingsSchema.default({ kind: 'first_window', seconds: 3600 }),
    /** null: DDM (warm start 1 000), ADWIN and Page–Hinkley with River's options. */
    detectors: z.array(detectorSettingsSchema).max(3).nullable().default(null),
  })
  .meta({ example: { method: 'auto', windowSeconds: 3600, reference: { kind: 'first_window', seconds: 3600 } } });
export type MonitorSettings = z.output<typeof monitorSettingsSchema>;
export type MonitorSettingsInput = z.input<typeof monitorSettingsSchema>;

export const monitorReferenceSchema = z.object({
  kind: z.enum(['first_window', 'uploaded', 'fixed_window']),
  start: isoTime.nullable(),
  end: isoTime.nullable(),
  /** Events behind the reference's sketches. */
  events: z.number().int().min(0),
  createdAt: isoTime,
});

export const monitorSchema = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.string(),
  settings: monitorSettingsSchema,
  /** The reference in use; null until the first window has passed (or the fixed window was read). */
  reference: monitorReferenceSchema.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Monitor = z.infer<typeof monitorSchema>;

/** A reference sample: prediction events (their model and version are not checked; only features and labels count). */
export const uploadReferenceSchema = z.strictObject({
  events: z.array(predictionEventSchema).min(1).max(100_000),
});
export type UploadReference = z.infer<typeof uploadReferenceSchema>;

/** One tick of a monitor: the drift results of its window and what was decided. */
export const driftAnalysisSchema = z.object({
  id: z.uuid(),
  monitorId: z.uuid(),
  model: z.string(),
  version: z.string(),
  window: z.object({ start: isoTime, end: isoTime }),
  /** `drift`: real drift (a retrain was decided once per episode); `warning`: recorded, not delivered; `waiting`: no reference yet. */
  state: z.enum(['stable', 'warning', 'drift', 'waiting']),
  drift: driftEvidenceSchema.nullable(),
  notes: z.array(z.string()),
  /** The retrain decision this tick issued, if any. */
  decisionId: z.uuid().nullable(),
  createdAt: isoTime,
});
export type DriftAnalysis = z.infer<typeof driftAnalysisSchema>;

export const driftHistoryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export type DriftHistoryQuery = z.infer<typeof driftHistoryQuerySchema>;
