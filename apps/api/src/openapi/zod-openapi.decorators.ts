import { applyDecorators } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyRole } from '@modelgate/contracts';
import { z } from 'zod';

/** A zod schema as an OpenAPI 3.0 schema object; `input` for bodies (defaults make fields optional). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
}

export interface OperationSpec {
  summary: string;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Roles admitted besides admin (mirrors `@Roles`, and is shown in the docs). */
  roles: ApiKeyRole[];
}

/**
 * Documents an endpoint from the same zod schemas `@modelgate/contracts` validates with, so the
 * docs at /docs cannot drift from the DTOs.
 */
export function ApiOperationFrom(spec: OperationSpec): MethodDecorator {
  const roles = ['admin', ...spec.roles].join(', ');
  return applyDecorators(
    ApiOperation({ summary: spec.summary, description: `Roles: ${roles}.` }),
    ApiSecurity('api-key'),
    ...(spec.body ? [ApiBody({ schema: openApiSchema(spec.body, 'input') })] : []),
    ApiResponse({ status: spec.status ?? 200, schema: openApiSchema(spec.response, 'output') }),
    ApiResponse({ status: 400, description: 'Invalid request: every field error is listed in `errors`.' }),
    ApiResponse({ status: 401, description: 'Missing, unknown or revoked API key.' }),
    ApiResponse({ status: 403, description: `The key's role is not one of: ${roles}.` }),
    ApiResponse({ status: 429, description: 'Rate limit of this API key exceeded.' }),
  );
}

/**
 * Fastify writes the endpoint's answer with a serializer compiled from its zod schema
 * (fast-json-stringify) instead of JSON.stringify: for the hot endpoints, whose answers our code
 * builds to the schema exactly (a field the schema lacks would be left out). Error answers keep
 * the default serializer.
 */
export function CompiledResponse(schema: z.ZodType, status = 200): MethodDecorator {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'output' });
  return RouteSchema({ response: { [status]: json } });
}
