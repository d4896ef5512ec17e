import { z } from 'zod';
import { OUTCOME_EVENT_SCHEMA, outcomeEventSchema } from './outcome-event.schema';
import { PREDICTION_EVENT_SCHEMA, predictionEventSchema } from './prediction-event.schema';

/**
 * JSON Schema (draft 2020-12) documents for producers, generated from the zod schemas so they
 * cannot drift from what ingest accepts. Keyed by file name under `libs/contracts/schemas/`.
 * Zod refinements are not representable, so the "one of" rules are added here by hand:
 * a prediction has `prediction` or `error`; an outcome has `label` or `value`.
 */
export function eventJsonSchemas(): Record<string, unknown> {
  return {
    'prediction-v1.schema.json': document(PREDICTION_EVENT_SCHEMA, predictionEventSchema, ['prediction', 'error']),
    'outcome-v1.schema.json': document(OUTCOME_EVENT_SCHEMA, outcomeEventSchema, ['label', 'value']),
  };
}

function document(name: string, schema: z.ZodType, oneOfRequired: string[]): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: `https://modelgate.dev/schemas/${name}.json`,
    title: name,
    anyOf: oneOfRequired.map((field) => ({ required: [field] })),
  };
}

/** The committed files' exact text: two-space JSON with a final newline. */
export function renderEventJsonSchemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(eventJsonSchemas()).map(([file, schema]) => [file, `${JSON.stringify(schema, null, 2)}\n`]),
  );
}
