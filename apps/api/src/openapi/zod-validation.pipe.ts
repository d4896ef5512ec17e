import { BadRequestException, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** One field error of a refused request. */
export interface FieldError {
  /** Dotted path of the field (`steps.2`, `primaryMetric.name`); empty for the body itself. */
  path: string;
  message: string;
  code: string;
}

/**
 * Parses a body, query or param with a zod schema from `@modelgate/contracts`; a bad value gets
 * 400 listing every field error (zod reports them all, not only the first). Stands in for
 * nestjs-zod, which does not support Nest 12. A hot endpoint may pass the schema's compiled form
 * (`fastCheck`, vouching that zod would return the value as it is): zod then runs only on what it
 * does not vouch for, and names the errors.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    private readonly fastCheck?: (value: unknown) => boolean,
  ) {}

  transform(value: unknown): z.output<S> {
    if (this.fastCheck?.(value)) return value as z.output<S>;
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors: FieldError[] = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
      code: issue.code,
    }));
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `invalid request: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`,
      errors,
    });
  }
}

/** The pipe travels wrapped: Nest would take a bare pipe passed to a param decorator as one of its pipes. */
const validatedBody = createParamDecorator(({ pipe }: { pipe: ZodValidationPipe<z.ZodType> }, context: ExecutionContext) =>
  pipe.transform(context.getArgByIndex<{ body: unknown }>(0).body),
);

/**
 * `@Body(new ZodValidationPipe(schema, fastCheck))` for the hottest endpoints, without Nest's pipe
 * machinery: a pipe makes Nest settle the handler's arguments through promises (an async call per
 * pipe and a Promise.all per request); this parameter is validated synchronously as it is read.
 */
export function ValidatedBody(schema: z.ZodType, fastCheck?: (value: unknown) => boolean): ParameterDecorator {
  return validatedBody({ pipe: new ZodValidationPipe(schema, fastCheck) });
}
