import { deploymentSettingsSchema } from '@modelgate/contracts';
import { initialState } from '@modelgate/rollouts';
import { describe, expect, it } from 'vitest';
import { type DeploymentRow, settingsOf, toDeployment, toLiveDeployment } from './deployment.row';

const row = (overrides: Partial<DeploymentRow> = {}): DeploymentRow => ({
  id: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
  model: 'animal-classifier',
  name: 'animal-classifier v1 → v2',
  strategy: 'ab_test',
  phase: 'progressing',
  baseline_version: 'v1',
  candidate_version: 'v2',
  settings: deploymentSettingsSchema.parse({ primaryMetric: { name: 'accuracy', direction: 'higher' }, randomisation: 'request' }),
  targeting: null,
  salt: 'animal-classifier:ab12',
  ab_salt: 'animal-classifier:ab12/ab',
  current_step: 1,
  candidate_share: '12.50',
  state: { ...initialState(), phase: 'progressing', stepIndex: 1, share: 12.5, analyses: 3 },
  created_at: new Date('2026-11-25T09:00:00Z'),
  updated_at: new Date('2026-11-25T09:05:00Z'),
  variants: [
    { name: 'control', version: 'v1', weight: '0.600000' },
    { name: 'koala', version: 'v2', weight: '0.400000' },
  ],
  steps: ['5.00', '12.50'],
  ...overrides,
});

describe('deployment rows', () => {
  it('maps a row to what assignment needs, the share in exact buckets of 10 000', () => {
    expect(toLiveDeployment(row())).toEqual({
      id: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
      model: 'animal-classifier',
      strategy: 'ab_test',
      phase: 'progressing',
      salt: 'animal-classifier:ab12',
      abSalt: 'animal-classifier:ab12/ab',
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      candidateBuckets: 1250,
      arms: [
        { name: 'control', version: 'v1', weight: 0.6 },
        { name: 'koala', version: 'v2', weight: 0.4 },
      ],
      randomisation: 'request',
      targeting: null,
      promotedVersion: null,
    });
  });

  it('keeps arms for A/B tests only, reads steps and the share as percent, the promoted version from the state', () => {
    const canary = toDeployment(row({ strategy: 'canary', state: { ...initialState(), phase: 'watching', promotedVersion: 'v2', analyses: 7 } }));
    expect(canary.arms).toEqual([]);
    expect(canary.steps).toEqual([5, 12.5]);
    expect(canary.candidateShare).toBe(12.5);
    expect(canary.promotedVersion).toBe('v2');
    expect(canary.analyses).toBe(7);
    expect(canary.createdAt).toBe('2026-11-25T09:00:00.000Z');
  });

  it('gives the engine the stored policy with its versions, arms and steps', () => {
    const settings = settingsOf(row({ strategy: 'canary' }));
    expect(settings).toMatchObject({ strategy: 'canary', baselineVersion: 'v1', candidateVersion: 'v2', steps: [5, 12.5], minSamples: 150, alpha: 0.05 });
    expect(settings.arms.map((a) => a.name)).toEqual(['baseline', 'candidate']);
    expect(settings).not.toHaveProperty('intervalSeconds');
  });
});
