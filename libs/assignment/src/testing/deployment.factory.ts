import type { LiveDeployment } from '@modelgate/contracts';

/** A running canary of the animal classifier (v1 cats/dogs → v2 with koalas), with overrides. */
export function liveDeployment(overrides: Partial<LiveDeployment> = {}): LiveDeployment {
  return {
    id: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
    model: 'animal-classifier',
    strategy: 'canary',
    phase: 'progressing',
    salt: 'animal-classifier-v2',
    abSalt: 'animal-classifier-v2/ab',
    baselineVersion: 'v1',
    candidateVersion: 'v2',
    candidateBuckets: 500,
    arms: [],
    randomisation: 'unit',
    targeting: null,
    promotedVersion: null,
    ...overrides,
  };
}

/** Unit ids `user-0` … `user-(n-1)`. */
export const unitIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `user-${i}`);
