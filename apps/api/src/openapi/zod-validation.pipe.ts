import { BadRequestException, type PipeTransform } from '@nestjs/common';
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
