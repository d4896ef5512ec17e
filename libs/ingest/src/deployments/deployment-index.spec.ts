import { parseEvent, type PredictionEvent, predictionExample } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { deploymentIndex } from './deployment-index';

const OLD = '11111111-1111-4111-8111-111111111111';
const NEW = '22222222-2222-4222-8222-222222222222';

function event(overrides: Parameters<typeof predictionExample>[0]): PredictionEvent {
  const parsed = parseEvent(predictionExample(overrides));
  if (!parsed.ok || parsed.kind !== 'prediction') throw new Error('bad example');
  return parsed.event;
}

describe('deploymentIndex', () => {
  // An old canary of v1 → v2, then a newer shadow of v2 → v3: v2 now belongs to the newer one.
  const sut = deploymentIndex([
    { deployment_id: OLD, model: 'animal-classifier', variant: 'baseline', version: 'v1', strategy: 'canary' },
    { deployment_id: OLD, model: 'animal-classifier', variant: 'candidate', version: 'v2', strategy: 'canary' },
    { deployment_id: NEW, model: 'animal-classifier', variant: 'baseline', version: 'v2', strategy: 'shadow' },
    { deployment_id: NEW, model: 'animal-classifier', variant: 'candidate', version: 'v3', strategy: 'shadow' },
  ]);

  it.each([
    [{ version: 'v1' }, { ok: true, deploymentId: OLD, variant: 'baseline', strategy: 'canary' }],
    [{ version: 'v2' }, { ok: true, deploymentId: NEW, variant: 'baseline', strategy: 'shadow' }],
    [{ version: 'v2', deploymentId: OLD }, { ok: true, deploymentId: OLD, variant: 'candidate', strategy: 'canary' }],
  ])('resolves %j', (overrides, expected) => {
    expect(sut(event(overrides))).toEqual(expected);
  });

  it.each([
    [{ version: 'v9' }, 'no deployment of animal-classifier has version v9'],
    [{ model: 'bird-classifier' }, 'unknown model bird-classifier'],
    [{ version: 'v3', deploymentId: OLD }, `deployment ${OLD} has no variant with version v3`],
  ])('refuses %j with a message saying what to do', (overrides, message) => {
    const result = sut(event(overrides));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('deploymentIndex with monitors (issue 12)', () => {
  const sut = deploymentIndex([
    { deployment_id: OLD, model: 'animal-classifier', variant: 'baseline', version: 'v1', strategy: 'canary' },
    { deployment_id: null, model: 'animal-classifier', variant: null, version: 'v1', strategy: null },
    { deployment_id: null, model: 'animal-classifier', variant: null, version: 'v0', strategy: null },
  ]);

  it('stores a watched version in no deployment without a deployment, and a deployed one with its deployment', () => {
    expect(sut(event({ version: 'v0' }))).toEqual({ ok: true, deploymentId: null, variant: null, strategy: null });
    expect(sut(event({ version: 'v1' }))).toEqual({ ok: true, deploymentId: OLD, variant: 'baseline', strategy: 'canary' });
    expect(sut(event({ version: 'v5' })).ok).toBe(false);
  });
});
