import { x86 } from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { liveDeployment, unitIds } from '../testing/deployment.factory';
import { assign } from './assign';
import { compileDeployment } from './compiled-deployment';

const encoder = new TextEncoder();
const referenceBucket = (key: string): number => x86.hash32(encoder.encode(key), 0) % 10_000;

describe('assign: phase, targeting and override', () => {
  const canary = compileDeployment(liveDeployment({ candidateBuckets: 5000 }));
  // Found with the reference hash: one unit on each side of the 50 % line.
  const inside = unitIds(100).find((u) => referenceBucket(`animal-classifier-v2:${u}`) < 5000)!;
  const outside = unitIds(100).find((u) => referenceBucket(`animal-classifier-v2:${u}`) >= 5000)!;

  it('puts a unit whose bucket is below the share in the canary, the others in control', () => {
    expect(assign(canary, { unitId: inside })).toEqual({
      deploymentId: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10',
      version: 'v2',
      variant: 'candidate',
      cohort: 'canary',
      shadowVersions: [],
      reason: 'canary_in',
    });
    expect(assign(canary, { unitId: outside })).toMatchObject({ version: 'v1', variant: 'baseline', cohort: 'control', reason: 'canary_out' });
  });

  it('honours the override header only with the right, and only for a version of the deployment', () => {
    expect(assign(canary, { unitId: outside, overrideVersion: 'v2', overrideAllowed: true })).toMatchObject({ version: 'v2', reason: 'override', cohort: 'override' });
    expect(assign(canary, { unitId: outside, overrideVersion: 'v2', overrideAllowed: false })).toMatchObject({ version: 'v1', reason: 'canary_out' });
    expect(assign(canary, { unitId: outside, overrideVersion: 'v9', overrideAllowed: true })).toMatchObject({ version: 'v1', reason: 'canary_out' });
  });

  it('sends units outside the targeting to the baseline', () => {
    const targeted = compileDeployment(
      liveDeployment({ candidateBuckets: 10_000, targeting: { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] } }),
    );
    expect(assign(targeted, { unitId: inside, attributes: { region: 'NZ' } })).toMatchObject({ version: 'v2', reason: 'canary_in' });
    expect(assign(targeted, { unitId: inside, attributes: { region: 'DE' } })).toMatchObject({ version: 'v1', cohort: 'excluded', reason: 'not_targeted' });
    expect(assign(targeted, { unitId: inside })).toMatchObject({ version: 'v1', reason: 'not_targeted' });
  });

  it.each([
    ['pending', 'v1', 'pending'],
    ['rolled_back', 'v1', 'rolled_back'],
    ['stopped', 'v1', 'stopped'],
    ['promoted', 'v2', 'promoted'],
    ['watching', 'v2', 'promoted'],
  ] as const)('a %s deployment gives everyone %s', (phase, version, reason) => {
    const d = compileDeployment(liveDeployment({ phase, candidateBuckets: 5000 }));
    for (const unitId of [inside, outside]) expect(assign(d, { unitId })).toMatchObject({ version, reason });
  });

  it('a promoted A/B test gives everyone the winning arm', () => {
    const d = compileDeployment(
      liveDeployment({ strategy: 'ab_test', phase: 'promoted', promotedVersion: 'v3', arms: [{ name: 'a', version: 'v1', weight: 1 }, { name: 'b', version: 'v3', weight: 1 }] }),
    );
    expect(assign(d, { unitId: inside })).toMatchObject({ version: 'v3', variant: 'b', reason: 'promoted' });
  });
});

describe('assign: the strategies', () => {
  it('blue/green puts everyone on blue, then everyone on green at once', () => {
    const before = compileDeployment(liveDeployment({ strategy: 'blue_green', candidateBuckets: 0 }));
    const after = compileDeployment(liveDeployment({ strategy: 'blue_green', candidateBuckets: 10_000 }));
    for (const unitId of unitIds(200)) {
      expect(assign(before, { unitId })).toMatchObject({ version: 'v1', cohort: 'blue', reason: 'blue_green_active', shadowVersions: ['v2'] });
      expect(assign(after, { unitId })).toMatchObject({ version: 'v2', cohort: 'green', reason: 'blue_green_active', shadowVersions: [] });
    }
  });

  it('recreate serves one version', () => {
    const cut = compileDeployment(liveDeployment({ strategy: 'recreate', candidateBuckets: 10_000 }));
    expect(new Set(unitIds(200).map((unitId) => assign(cut, { unitId }).version))).toEqual(new Set(['v2']));
  });

  it('shadow answers with the baseline and mirrors to the candidate', () => {
    const d = compileDeployment(liveDeployment({ strategy: 'shadow', candidateBuckets: 0 }));
    expect(assign(d, { unitId: 'user-1' })).toMatchObject({ version: 'v1', variant: 'baseline', shadowVersions: ['v2'], reason: 'shadow_mirror' });
  });

  it('a shadow that passed and started its next deployment keeps the baseline, mirroring nothing', () => {
    const advanced = compileDeployment(liveDeployment({ strategy: 'shadow', phase: 'promoted', candidateBuckets: 10_000, promotedVersion: null }));
    for (const unitId of unitIds(200)) {
      expect(assign(advanced, { unitId })).toMatchObject({ version: 'v1', variant: 'baseline', shadowVersions: [], reason: 'promoted' });
    }
    // Promoted outright (no next), the shadow's candidate is the promoted version.
    const promoted = compileDeployment(liveDeployment({ strategy: 'shadow', phase: 'promoted', candidateBuckets: 10_000, promotedVersion: 'v2' }));
    expect(assign(promoted, { unitId: 'user-1' })).toMatchObject({ version: 'v2', reason: 'promoted' });
  });

  it('rolling follows the request, not the unit (not sticky)', () => {
    const d = compileDeployment(liveDeployment({ strategy: 'rolling', candidateBuckets: 5000 }));
    const versions = new Set(Array.from({ length: 50 }, (_, i) => assign(d, { unitId: 'user-1', requestId: `req-${i}` }).version));
    expect(versions).toEqual(new Set(['v1', 'v2']));
    const expected = referenceBucket('animal-classifier-v2/request:req-7') < 5000 ? 'v2' : 'v1';
    expect(assign(d, { unitId: 'user-1', requestId: 'req-7' }).version).toBe(expected);
  });

  it('A/B per unit is sticky and uses the A/B salt; per request it varies', () => {
    const arms = [
      { name: 'control', version: 'v1', weight: 1 },
      { name: 'koala', version: 'v2', weight: 1 },
    ];
    const perUnit = compileDeployment(liveDeployment({ strategy: 'ab_test', arms }));
    for (const unitId of unitIds(100)) {
      const expected = referenceBucket(`animal-classifier-v2/ab:${unitId}`) < 5000 ? 'control' : 'koala';
      const a = assign(perUnit, { unitId, requestId: 'r1' });
      expect(a).toMatchObject({ variant: expected, cohort: expected, reason: 'ab_unit' });
      expect(assign(perUnit, { unitId, requestId: 'r2' })).toEqual(a);
    }
    const perRequest = compileDeployment(liveDeployment({ strategy: 'ab_test', arms, randomisation: 'request' }));
    const seen = new Set(Array.from({ length: 50 }, (_, i) => assign(perRequest, { unitId: 'user-1', requestId: `req-${i}` }).variant));
    expect(seen).toEqual(new Set(['control', 'koala']));
  });
});
