import { deploymentSettingsSchema } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { deploymentRecordOf, nextDeploymentOf, type ShadowOrigin, withNextStarted } from './next-deployment';

const targeting = { match: 'all' as const, conditions: [{ attribute: 'region', op: 'in' as const, values: ['AU'] }] };
const shadow = (over: Partial<ShadowOrigin> & { next?: 'canary' | 'rolling' | null }): ShadowOrigin => ({
  id: 'shadow-1',
  model: 'animal-classifier',
  strategy: 'shadow',
  baselineVersion: 'v1',
  candidateVersion: 'v2',
  targeting,
  settings: deploymentSettingsSchema.parse({ next: over.next === undefined ? 'canary' : over.next, minSamples: 500, margin: 0.02 }),
  steps: [],
  ...over,
});
const advance = { action: 'advance' as const, phaseAfter: 'promoted' as const };

describe('nextDeploymentOf', () => {
  it('starts the named strategy with the shadow’s versions, targeting and policy, and that strategy’s default steps', () => {
    const next = nextDeploymentOf(shadow({}), advance)!;
    expect(next).toMatchObject({ strategy: 'canary', model: 'animal-classifier', baselineVersion: 'v1', candidateVersion: 'v2', targeting, next: null, start: true, minSamples: 500, margin: 0.02 });
    expect(next.steps).toEqual([5, 10, 25, 50]);
    expect(nextDeploymentOf(shadow({ next: 'rolling' }), advance)!.steps).toEqual([25, 50, 75, 100]);
  });

  it('gives the shadow’s own steps when it has them', () => {
    expect(nextDeploymentOf(shadow({ steps: [1, 20] }), advance)!.steps).toEqual([1, 20]);
  });

  it('drops agreement, which only mirrored requests measure, unless blue/green comes next', () => {
    const settings = deploymentSettingsSchema.parse({ next: 'canary', primaryMetric: { name: 'agreement', direction: 'higher' }, guardrails: [{ metric: 'agreement', margin: 0.3 }, { metric: 'error_rate' }], signals: ['agreement'] });
    const next = nextDeploymentOf(shadow({ settings }), advance)!;
    expect(next.primaryMetric).toEqual({ name: 'error_rate', direction: 'lower' });
    expect(next.guardrails).toEqual([{ metric: 'error_rate', margin: 0 }]);
    expect(next.signals).toEqual([]);
    const blueGreen = nextDeploymentOf(shadow({ settings: { ...settings, next: 'blue_green' } }), advance)!;
    expect(blueGreen.guardrails.map((g) => g.metric)).toEqual(['agreement', 'error_rate']);
  });

  it('starts nothing without next, for another action, or for another strategy', () => {
    expect(nextDeploymentOf(shadow({ next: null }), advance)).toBeNull();
    expect(nextDeploymentOf(shadow({}), { action: 'hold', phaseAfter: 'progressing' })).toBeNull();
    expect(nextDeploymentOf(shadow({ strategy: 'canary' }), advance)).toBeNull();
  });

  it('makes a record that is pending, with fresh salts and baseline/candidate variants', () => {
    const record = deploymentRecordOf(nextDeploymentOf(shadow({}), advance)!, Uint8Array.of(0xab, 1));
    expect(record).toMatchObject({ name: 'animal-classifier v1 → v2', salt: 'animal-classifier:ab01', abSalt: 'animal-classifier:ab01/ab', state: { phase: 'pending', stepIndex: -1 } });
    expect(record.variants.map((v) => v.version)).toEqual(['v1', 'v2']);
    expect(record.settings).not.toHaveProperty('start');
  });
});

describe('withNextStarted', () => {
  it('names the started deployment in the reason and the evidence notes', () => {
    const evidence = { notes: ['mirrored'] } as never;
    const d = withNextStarted({ action: 'advance', version: 'v2', phaseBefore: 'progressing', phaseAfter: 'promoted', reason: 'the shadow passed: advance', evidence }, 'canary', 'abc');
    expect(d.reason).toBe('the shadow passed: advance (canary abc started)');
    expect(d.evidence.notes).toEqual(['mirrored', 'next deployment: canary abc started']);
  });
});
