import { describe, expect, it } from 'vitest';
import { armWeights, initialState, routingOf, saltsOf } from './deployment-rules';

describe('deployment rules', () => {
  it('normalises A/B weights to fractions, 50/50 without arms', () => {
    expect(armWeights({ strategy: 'ab_test', baselineVersion: 'v1', candidateVersion: 'v2' })).toEqual([
      { name: 'baseline', version: 'v1', weight: 0.5 },
      { name: 'candidate', version: 'v2', weight: 0.5 },
    ]);
    const arms = [
      { name: 'a', version: 'v1', weight: 1 },
      { name: 'b', version: 'v2', weight: 1 },
      { name: 'c', version: 'v3', weight: 1 },
    ];
    expect(armWeights({ strategy: 'ab_test', baselineVersion: 'v1', candidateVersion: 'v2', arms }).map((a) => a.weight)).toEqual([0.333333, 0.333333, 0.333333]);
    expect(armWeights({ strategy: 'canary', baselineVersion: 'v1', candidateVersion: 'v2' }).map((a) => a.name)).toEqual(['baseline', 'candidate']);
  });

  it('derives the salts from the bytes given', () => {
    expect(saltsOf('animal-classifier', Uint8Array.of(1, 2, 255))).toEqual({ salt: 'animal-classifier:0102ff', abSalt: 'animal-classifier:0102ff/ab' });
  });

  it.each([
    ['pending', 30, 0],
    ['progressing', 12.345, 12.35],
    ['rolled_back', 30, 0],
    ['stopped', 50, 0],
    ['promoted', 30, 100],
    ['watching', 100, 100],
  ] as const)('a %s state with share %d routes %d %%', (phase, share, routed) => {
    expect(routingOf({ ...initialState(), phase, share }).share).toBe(routed);
  });
});
