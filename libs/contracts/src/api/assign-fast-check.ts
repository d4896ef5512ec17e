import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { type AssignBatchRequest, type AssignRequest, assignBatchRequestSchema, assignRequestSchema } from './assignment.dto';

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

type RequestJsonSchema = Record<string, unknown> & { properties: { attributes: { additionalProperties: { anyOf: Array<{ type: string }> } } } };

/**
 * An attribute value's union (a string of at most 256, a number, a boolean) as one `type` list: the
 * string's `maxLength` applies to strings only, so it means the same. ajv builds an error object for
 * each failed anyOf branch, two for every valid value; with the list it builds none.
 */
function withAttributeTypeList(request: RequestJsonSchema): object {
  const { attributes } = request.properties;
  const branches = attributes.additionalProperties.anyOf;
  const additionalProperties = Object.assign({}, ...branches, { type: branches.map((branch) => branch.type) }) as object;
  return { ...request, properties: { ...request.properties, attributes: { ...attributes, additionalProperties } } };
}

/**
 * What zod's JSON Schema output cannot say about a request, checked here rather than in the schema
 * (where each failed subschema costs ajv an error object, on every request): its refinement (a
 * deployment id or a model), and that its attributes' record drops a `__proto__` key (an own key
 * after JSON.parse).
 */
function zodOnlyRulesHold(request: { deploymentId?: unknown; model?: unknown; attributes?: object }): boolean {
  return (request.deploymentId !== undefined || request.model !== undefined) && !(request.attributes !== undefined && Object.hasOwn(request.attributes, '__proto__'));
}

const checkRequest = ajv.compile<AssignRequest>(withAttributeTypeList(jsonSchemaOf(assignRequestSchema) as RequestJsonSchema));
const batch = jsonSchemaOf(assignBatchRequestSchema) as { properties: { units: { items: object } } };
batch.properties.units.items = withAttributeTypeList(batch.properties.units.items as RequestJsonSchema);
const checkBatch = ajv.compile<AssignBatchRequest>(batch);

/** Whether zod would accept this `POST /v1/assign` body as it is (unknown keys removed). */
export function assignRequestFastCheck(value: unknown): boolean {
  return checkRequest(value) && zodOnlyRulesHold(value);
}

/** Whether zod would accept this `POST /v1/assign/batch` body as it is (unknown keys removed). */
export function assignBatchRequestFastCheck(value: unknown): boolean {
  return checkBatch(value) && value.units.every(zodOnlyRulesHold);
}
