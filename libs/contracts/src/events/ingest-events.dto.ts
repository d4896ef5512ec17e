import { z } from 'zod';
import { outcomeEventSchema } from './outcome-event.schema';
import { predictionEventSchema } from './prediction-event.schema';

/** At most this many events per `POST /v1/events`; larger volumes belong on Kafka. */
export const MAX_EVENTS_PER_REQUEST = 500;

/**
 * The body of `POST /v1/events`: one event, or an array of them, of either contract.
 * Validation runs through `parseEvent` (per event, by its `schema` field); this schema documents it.
 */
export const ingestEventsBodySchema = z.union([
  predictionEventSchema,
  outcomeEventSchema,
  z.array(z.union([predictionEventSchema, outcomeEventSchema])).min(1).max(MAX_EVENTS_PER_REQUEST),
]);

/** The answer once the events are committed in PostgreSQL. */
export const ingestEventsResponseSchema = z.object({
  received: z.number().int(),
  /** Newly stored events. */
  written: z.number().int(),
  /** Events already stored (a retried request is harmless). */
  duplicates: z.number().int(),
});

export type IngestEventsResponse = z.infer<typeof ingestEventsResponseSchema>;
