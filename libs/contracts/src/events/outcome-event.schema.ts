import { z } from 'zod';
import { eventTimestamp, eventUuid, shortText } from './event-field.schema';

/** The version tag of the outcome contract. */
export const OUTCOME_EVENT_SCHEMA = 'modelgate.outcome/v1';

/**
 * `modelgate.outcome/v1`: what really happened after a prediction: the true label
 * (the photo was a koala) or an outcome value (a click, a purchase amount), or both.
 */
export const outcomeEventSchema = z
  .strictObject({
    schema: z.literal(OUTCOME_EVENT_SCHEMA),
    eventId: eventUuid,
    requestId: shortText.describe('The request id of the prediction(s) this outcome belongs to.'),
    unitId: shortText,
    timestamp: eventTimestamp,
    label: shortText.optional().describe('The true label.'),
    value: z.number().refine(Number.isFinite, 'must be a finite number').optional().describe('An outcome value.'),
  })
  .superRefine((event, ctx) => {
    if (event.label === undefined && event.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'label or value is required' });
    }
  });

/** A validated outcome event. */
export type OutcomeEvent = z.output<typeof outcomeEventSchema>;
/** An outcome event as a producer writes it. */
export type OutcomeEventInput = z.input<typeof outcomeEventSchema>;
