import { type DriftEvidence, monitorSettingsSchema } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { addSketches, dataDriftOf, retrainReason } from './drift-state';

const evidence = (overrides: Partial<DriftEvidence> = {}): DriftEvidence => ({
  model: 'animal-classifier',
  version: 'v2',
  reference: { kind: 'first_window', start: null, end: null },
  features: [],
  driftShare: 0,
  driftShareThreshold: 0.5,
  datasetDrifted: false,
  prediction: null,
  detectors: [],
  ...overrides,
});

describe('retrainReason', () => {
  it('quotes the detector, the error rates, the time the rise began and the pair index', () => {
    const drift = { detector: 'ddm' as const, index: 31_204, errorRateBefore: 0.0812, errorRateAfter: 0.1938, since: Date.parse('2026-11-25T10:40:12Z') };
    expect(retrainReason(evidence(), [drift], 0, null)).toBe('error rate 8.1 % → 19.4 % since 10:40 (DDM drift at pair 31 204): retrain');
  });

  it('names the drifted features and the share, and which version of which deployment drifted', () => {
    const feature = { type: 'numeric' as const, methodReason: '', score: 'distance' as const, threshold: 0.1 };
    const features = [
      { ...feature, feature: 'brightness', method: 'wasserstein', value: 0.987, drifted: true },
      { ...feature, feature: 'ear_length_cm', method: 'wasserstein', value: 0.02, drifted: false },
    ];
    const reason = retrainReason(evidence({ features, driftShare: 0.5, datasetDrifted: true }), [], Date.parse('2026-11-25T09:05:00Z'), 'candidate of canary 2f1c0a9b');
    expect(reason).toBe('v2 (candidate of canary 2f1c0a9b) drifted: 1 of 2 features drifted (brightness wasserstein 0.987 ≥ 0.1; share 50.0 % ≥ 50.0 %) since 09:05: retrain');
  });
});

describe('dataDriftOf', () => {
  const settings = monitorSettingsSchema.parse({ minEvents: 10 });
  const shares = (cat: number, dog: number) => ({ 'c:cat': cat, 'c:dog': dog });

  it('drifts the dataset when the drifted share reaches driftShare, tests the predicted labels apart, and skips thin features', () => {
    const reference = { fur: shares(500, 500), region: shares(500, 500), $prediction: shares(500, 500), rare: shares(3, 3) };
    const current = { fur: shares(800, 200), region: shares(505, 495), $prediction: shares(900, 100), rare: shares(3, 3) };
    const notes: string[] = [];
    const out = dataDriftOf(reference, current, settings, notes);
    expect(out.features.map((f) => [f.feature, f.method, f.drifted])).toEqual([['fur', 'z', true], ['region', 'z', false]]);
    expect(out).toMatchObject({ driftShare: 0.5, datasetDrifted: true, prediction: { feature: '$prediction', drifted: true } });
    expect(notes).toEqual(['rare: not tested, 6 reference and 6 current values (needs 10 in each)']);
  });

  it('tests only the listed features, with the method and threshold the monitor names', () => {
    const only = monitorSettingsSchema.parse({ minEvents: 10, features: ['region'], method: 'jensenshannon', threshold: 0.3 });
    const out = dataDriftOf({ fur: shares(500, 500), region: shares(500, 500) }, { fur: shares(900, 100), region: shares(700, 300) }, only, []);
    expect(out.features).toEqual([expect.objectContaining({ feature: 'region', method: 'jensenshannon', threshold: 0.3, drifted: false })]);
    expect(out.datasetDrifted).toBe(false);
  });
});

describe('addSketches', () => {
  it('adds bin by bin, feature by feature', () => {
    expect(addSketches({ a: { p1: 1 } }, { a: { p1: 2, p2: 1 }, b: { 'c:x': 4 } })).toEqual({ a: { p1: 3, p2: 1 }, b: { 'c:x': 4 } });
  });
});
