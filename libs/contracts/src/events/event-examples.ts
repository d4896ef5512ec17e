import { OUTCOME_EVENT_SCHEMA, type OutcomeEventInput } from './outcome-event.schema';
import { PREDICTION_EVENT_SCHEMA, type PredictionEventInput } from './prediction-event.schema';

/**
 * The running example: `animal-classifier` v1 tells cats from dogs, v2 also knows koalas.
 * Factories with overrides, for docs, specs and e2e producers.
 */
export function predictionExample(overrides: Partial<PredictionEventInput> = {}): PredictionEventInput {
  return {
    schema: PREDICTION_EVENT_SCHEMA,
    eventId: '6f1c2a4e-8b1d-4c3a-9e2f-0a1b2c3d4e5f',
    model: 'animal-classifier',
    version: 'v2',
    unitId: 'user-42',
    requestId: 'req-0001',
    timestamp: '2026-11-25T09:30:00.000Z',
    features: { ear_length_cm: 6.5, fur: 'grey', habitat: 'eucalyptus' },
    prediction: { label: 'koala', scores: { cat: 0.05, dog: 0.1, koala: 0.85 } },
    latencyMs: 23.4,
    shadow: false,
    ...overrides,
  };
}

/** The true label of the photo behind {@link predictionExample}'s request. */
export function outcomeExample(overrides: Partial<OutcomeEventInput> = {}): OutcomeEventInput {
  return {
    schema: OUTCOME_EVENT_SCHEMA,
    eventId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
    requestId: 'req-0001',
    unitId: 'user-42',
    timestamp: '2026-11-25T09:31:00.000Z',
    label: 'koala',
    ...overrides,
  };
}
