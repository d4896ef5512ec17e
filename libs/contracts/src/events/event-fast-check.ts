import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { MAX_FEATURES } from './event-field.schema';
import { eventJsonSchemas } from './event-json-schemas';
import { OUTCOME_EVENT_SCHEMA, type OutcomeEvent } from './outcome-event.schema';
import { PREDICTION_EVENT_SCHEMA, type PredictionEvent } from './prediction-event.schema';

/**
 * The hot path of event decoding: the contract's own JSON Schema (generated from the zod schemas,
 * see event-json-schemas.ts) compiled by ajv, about ten times faster than zod per event. It only
 * vouches for events: whenever it is not sure the zod schema would return this very value (an
 * invalid event, or a rule JSON Schema cannot express), it answers undefined and zod decides and
 * names the field errors. A spec checks that both agree on every edge value and example.
 */
const ajv = new Ajv2020({
  // NaN and ±Infinity are not numbers for the contract (zod refuses them too).
  strictNumbers: true,
  // `shadow` gets the schema's default, as zod applies it.
  useDefaults: true,
  // Formats are also written as patterns (zod emits both); the patterns are what zod checks.
  validateFormats: false,
  strict: false,
});

const schemas = eventJsonSchemas();
const checks = new Map<unknown, ValidateFunction>([
  [PREDICTION_EVENT_SCHEMA, ajv.compile(schemas['prediction-v1.schema.json'] as object)],
  [OUTCOME_EVENT_SCHEMA, ajv.compile(schemas['outcome-v1.schema.json'] as object)],
]);

/**
 * Lone surrogates can only come from a `\uD800`-style escape (strict UTF-8 refuses them as bytes) or,
 * for text handed in as a string, from the string itself; both are left to zod's refinement. So is
 * every astral character (a surrogate pair): telling a pair from a lone half would cost a scan of
 * every string, and such events are rare. (Lengths agree either way: zod 4, like ajv, counts code
 * points.)
 */
const MAY_HOLD_SURROGATE = /\\u[dD][89a-fA-F]|[\ud800-\udfff]/;
/** Upper-case hex digits: zod lower-cases ids, so such an event is left to zod to rewrite. */
const UPPER_HEX = /[A-F]/;

/**
 * `value` (parsed from `text`) as zod would return it, or undefined when zod must decide.
 * The value is the event itself (with its defaults applied): no copy is made.
 */
export function fastCheckedEvent(text: string, value: unknown):
  | { ok: true; kind: 'prediction'; event: PredictionEvent }
  | { ok: true; kind: 'outcome'; event: OutcomeEvent }
  | undefined {
  if (typeof value !== 'object' || value === null || MAY_HOLD_SURROGATE.test(text)) return undefined;
  const event = value as { schema?: unknown; eventId?: string; deploymentId?: string; features?: object; prediction?: { scores?: object } };
  const check = checks.get(event.schema);
  if (check === undefined || !check(value) || UPPER_HEX.test(event.eventId!) || (event.deploymentId !== undefined && UPPER_HEX.test(event.deploymentId))) {
    return undefined;
  }
  if (event.schema === OUTCOME_EVENT_SCHEMA) return { ok: true, kind: 'outcome', event: value as OutcomeEvent };
  if (countKeys(event.features!) > MAX_FEATURES || isProtoKeyed(event.features!) || isProtoKeyed(event.prediction?.scores)) return undefined;
  return { ok: true, kind: 'prediction', event: value as PredictionEvent };
}

/** A record key `__proto__` (JSON.parse makes it an own key) is dropped by zod's record: left to zod. */
function isProtoKeyed(record: object | undefined): boolean {
  return record !== undefined && Object.hasOwn(record, '__proto__');
}

function countKeys(object: object): number {
  let count = 0;
  for (const key in object) if (Object.hasOwn(object, key)) count += 1;
  return count;
}
