import { BadRequestException } from '@nestjs/common';
import { createDeploymentSchema } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { ZodValidationPipe } from './zod-validation.pipe';

describe('ZodValidationPipe', () => {
  const sut = new ZodValidationPipe(createDeploymentSchema);

  it('returns the parsed value with defaults', () => {
    const parsed = sut.transform({
      model: 'animal-classifier',
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'shadow',
      primaryMetric: { name: 'accuracy', direction: 'higher' },
    });
    expect(parsed).toMatchObject({ steps: [], intervalSeconds: 300, targeting: null, randomisation: 'unit' });
  });

  it('refuses with 400 listing every field error', () => {
    let caught: unknown;
    try {
      sut.transform({ model: '', baselineVersion: 'v1', candidateVersion: 'v1', strategy: 'big-bang', steps: [10, 5], primaryMetric: { name: 'happiness', direction: 'higher' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestException);
    const body = (caught as BadRequestException).getResponse() as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['model', 'primaryMetric.name', 'strategy']);
  });

  it('reports cross-field errors once the fields themselves are valid', () => {
    const body = (() => {
      try {
        sut.transform({
          model: 'm',
          baselineVersion: 'v1',
          candidateVersion: 'v1',
          strategy: 'canary',
          steps: [10, 5, 60],
          primaryMetric: { name: 'accuracy', direction: 'higher' },
        });
      } catch (error) {
        return (error as BadRequestException).getResponse() as { errors: { path: string }[] };
      }
      return { errors: [] };
    })();
    expect(body.errors.map((e) => e.path).sort()).toEqual(['candidateVersion', 'steps', 'steps.1']);
  });
});
