import { z } from 'zod';
import { eventTimestamp, eventUuid, featureMap, shortText, text } from './event-field.schema';

/** The version tag of the prediction contract; a v2 gets its own schema beside this one. */
export const PREDICTION_EVENT_SCHEMA = 'modelgate.prediction/v1';

/**
 * `modelgate.prediction/v1`: one event per call to a model version, primary or shadow.
 * A call either produced a prediction or failed with an error; at least one is present.
 */
export const predictionEventSchema = z
  .strictObject({
    schema: z.literal(PREDICTION_EVENT_SCHEMA),
    eventId: eventUuid.describe('Unique per event; a replayed or duplicated event carries the same id.'),
    model: shortText.describe('Model name, e.g. "animal-classifier".'),
    version: shortText.describe('Model version, e.g. "v2".'),
    deploymentId: eventUuid.optional().describe('Resolved from model + version when absent.'),
    unitId: shortText.describe('What is randomised: a user, a session or a request.'),
    requestId: shortText.describe('Joins outcomes to this prediction; shared by primary and shadow calls.'),
    timestamp: eventTimestamp,
    features: featureMap.describe('Input features: numbers (numeric) or strings (categorical).'),
    prediction: z
      .strictObject({
        label: shortText,
        scores: z.record(shortText, z.number().min(0).max(1)).optional().describe('Class scores, when the model has them.'),
      })
      .optional(),
    latencyMs: z.number().min(0).max(3_600_000),
    error: z
      .strictObject({ code: shortText, message: text(2000).optional() })
      .optional()
      .describe('Present when the model failed.'),
    shadow: z.boolean().default(false).describe('True for a mirrored call whose answer was not served.'),
  })
  .superRefine((event, ctx) => {
    if (event.prediction === undefined && event.error === undefined) {
      ctx.addIssue({ code: 'custom', path: ['prediction'], message: 'required unless error is present' });
    }
  });

/** A validated prediction event (defaults applied). */
export type PredictionEvent = z.output<typeof predictionEventSchema>;
/** A prediction event as a producer may write it (defaulted fields optional). */
export type PredictionEventInput = z.input<typeof predictionEventSchema>;
