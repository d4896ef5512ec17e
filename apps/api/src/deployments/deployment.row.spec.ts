import { describe, expect, it } from 'vitest';
import { type DeploymentRow, statusOf, toDeployment, toLiveDeployment } from './deployment.row';

const row = (overrides: Partial<DeploymentRow> = {}): DeploymentRow => ({
  id: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
  model: 'animal-classifier',
  name: 'animal-classifier v1 → v2',
  strategy: 'ab_test',
  phase: 'running',
  baseline_version: 'v1',
  candidate_version: 'v2',
  settings: {
    intervalSeconds: 300,
    primaryMetric: { name: 'accuracy', direction: 'higher' },
    guardrails: [],
    minSamples: 1000,
    margin: 0.01,
    randomisation: 'request',
  },
  targeting: null,
  canary_salt: 'animal-classifier:ab12',
  ab_salt: 'animal-classifier:ab12/ab',
  current_step: 1,
  traffic_percent: '12.50',
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
  it.each([
    ['initializing', 'pending'],
    ['pending', 'pending'],
    ['running', 'running'],
    ['analysing', 'running'],
    ['paused', 'paused'],
    ['promoted', 'promoted'],
    ['rolled_back', 'rolled_back'],
  ])('phase %s routes as %s', (phase, status) => {
    expect(statusOf(phase)).toBe(status);
  });

  it('maps a row to what assignment needs, the share in exact basis points', () => {
    expect(toLiveDeployment(row())).toEqual({
      id: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
      model: 'animal-classifier',
      strategy: 'ab_test',
      status: 'running',
      salt: 'animal-classifier:ab12',
      abSalt: 'animal-classifier:ab12/ab',
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      candidateShare: 1250,
      arms: [
        { name: 'control', version: 'v1', weight: 0.6 },
        { name: 'koala', version: 'v2', weight: 0.4 },
      ],
      randomisation: 'request',
      targeting: null,
      promotedVersion: null,
    });
  });

  it('keeps arms for A/B tests only, and reads steps as numbers', () => {
    const canary = toDeployment(row({ strategy: 'canary', settings: { ...row().settings, promotedVersion: 'v2' } }));
    expect(canary.arms).toEqual([]);
    expect(canary.steps).toEqual([5, 12.5]);
    expect(canary.promotedVersion).toBe('v2');
    expect(canary.createdAt).toBe('2026-11-25T09:00:00.000Z');
  });
});
