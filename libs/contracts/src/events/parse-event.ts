import type { z } from 'zod';
import { fastCheckedEvent } from './event-fast-check';
import { OUTCOME_EVENT_SCHEMA, type OutcomeEvent, outcomeEventSchema } from './outcome-event.schema';
import { PREDICTION_EVENT_SCHEMA, type PredictionEvent, predictionEventSchema } from './prediction-event.schema';

/** One problem with one field, addressed by a dotted path (`prediction.label`, `features.ear_length`). */
export interface EventFieldError {
  path: string;
  message: string;
}

/** Why an event was refused. */
export type EventRejectReason =
  /** The bytes are not UTF-8 JSON. */
  | 'bad-json'
  /** The `schema` field names no contract we know (missing, misspelt, or a future version). */
  | 'unknown-schema'
  /** The contract is known but fields are missing or invalid. */
  | 'invalid-event';

/** The result of parsing: an event of a known kind, or the reason and every field error. */
export type ParsedEvent =
  | { ok: true; kind: 'prediction'; event: PredictionEvent }
  | { ok: true; kind: 'outcome'; event: OutcomeEvent }
  | { ok: false; reason: EventRejectReason; errors: EventFieldError[] };

/** The schema names accepted by {@link parseEvent}. */
export const EVENT_SCHEMAS = [PREDICTION_EVENT_SCHEMA, OUTCOME_EVENT_SCHEMA] as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Validates an already-decoded JSON value against the contract named by its `schema` field.
 * Never throws on bad input: the failure is a value listing every field error, so that
 * the HTTP ingest can answer 400 with them and the Kafka ingest can dead-letter them.
 *
 * @example
 * parseEvent({ schema: 'modelgate.outcome/v1', eventId: 'b8d7…', requestId: 'r-1', unitId: 'u-1',
 *   timestamp: '2026-11-25T09:30:00Z', label: 'koala' }) // → { ok: true, kind: 'outcome', event }
 */
export function parseEvent(input: unknown): ParsedEvent {
  const schema = typeof input === 'object' && input !== null ? (input as { schema?: unknown }).schema : undefined;
  if (schema === PREDICTION_EVENT_SCHEMA) {
    const result = predictionEventSchema.safeParse(input);
    return result.success ? { ok: true, kind: 'prediction', event: result.data } : invalid(result.error);
  }
  if (schema === OUTCOME_EVENT_SCHEMA) {
    const result = outcomeEventSchema.safeParse(input);
    return result.success ? { ok: true, kind: 'outcome', event: result.data } : invalid(result.error);
  }
  return {
    ok: false,
    reason: 'unknown-schema',
    errors: [{ path: 'schema', message: `expected one of ${EVENT_SCHEMAS.join(', ')}, got ${JSON.stringify(schema) ?? 'nothing'}` }],
  };
}

/**
 * Decodes raw message bytes (strict UTF-8, then JSON) and validates them: the contract's compiled
 * JSON Schema vouches for the usual event (see event-fast-check.ts), {@link parseEvent} decides the
 * rest and names the field errors. A Kafka tombstone (null value) is refused as bad JSON.
 */
export function decodeEvent(bytes: Uint8Array | string | null): ParsedEvent {
  if (bytes === null) return { ok: false, reason: 'bad-json', errors: [{ path: '', message: 'empty message' }] };
  let text: string;
  let value: unknown;
  try {
    text = typeof bytes === 'string' ? bytes : strictUtf8.decode(bytes);
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'bad-json', errors: [{ path: '', message: (error as Error).message }] };
  }
  return fastCheckedEvent(text, value) ?? parseEvent(value);
}

function invalid(error: z.ZodError): ParsedEvent {
  const errors = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return { ok: false, reason: 'invalid-event', errors };
}
