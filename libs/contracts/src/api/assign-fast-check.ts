import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { assignBatchRequestSchema, assignRequestSchema } from './assignment.dto';

/**
 * The hot path of `/v1/assign` validation: the request contracts' own JSON Schema (generated from
 * the zod schemas) compiled by ajv, as ingest does for events (event-fast-check.ts). zod was 2.5 µs
 * of a request's CPU in bench/assign-http. A check only vouches: `true` means zod would accept the
 * body and return it unchanged; on `false` zod decides and names the field errors.
 */
const ajv = new Ajv2020({
  // NaN and ±Infinity (`1e999` parses to Infinity) are not numbers for the contract.
  strictNumbers: true,
  // Unknown keys are dropped, as zod's objects strip them (the schemas say `additionalProperties: false`).
  removeAdditional: true,
  // The uuid format is also written as a pattern (zod emits both); the pattern is what zod checks.
  validateFormats: false,
  strict: false,
});

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
}

type RequestJsonSchema = Record<string, unknown> & { properties: { attributes: { propertyNames: object } } };

/**
 * What zod's JSON Schema output cannot say about a request: its refinement (a deployment id or a
 * model), and that its attributes' record drops a `__proto__` key (an own key after JSON.parse).
 * The refinement is an if/else, not an anyOf: ajv builds an error object for each failed anyOf
 * branch, one per request that names its model (5 % of a /v1/assign request's allocation).
 */
function withZodOnlyRules(request: RequestJsonSchema): RequestJsonSchema {
  const { attributes } = request.properties;
  return {
    ...request,
    if: { required: ['deploymentId'] },
    else: { required: ['model'] },
    properties: { ...request.properties, attributes: { ...attributes, propertyNames: { ...attributes.propertyNames, not: { const: '__proto__' } } } },
  };
}

const request = withZodOnlyRules(jsonSchemaOf(assignRequestSchema) as RequestJsonSchema);
const batch = jsonSchemaOf(assignBatchRequestSchema) as { properties: { units: { items: RequestJsonSchema } } };
batch.properties.units.items = withZodOnlyRules(batch.properties.units.items);

/** Whether zod would accept this `POST /v1/assign` body as it is (unknown keys removed). */
export const assignRequestFastCheck: (value: unknown) => boolean = ajv.compile(request);
/** Whether zod would accept this `POST /v1/assign/batch` body as it is (unknown keys removed). */
export const assignBatchRequestFastCheck: (value: unknown) => boolean = ajv.compile(batch);
