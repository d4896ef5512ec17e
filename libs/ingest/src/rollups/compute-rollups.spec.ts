import { parseEvent, type PredictionEvent, type PredictionEventInput, predictionExample } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import type { DeployedPrediction } from '../batch/classify-events';
import { computeRollups, type JoinedPair, type RollupDelta } from './compute-rollups';

const D = '11111111-2222-4333-8444-555555555555';
const MINUTE = 60_000;

function prediction(variant: string, overrides: Partial<PredictionEventInput>): DeployedPrediction {
  const parsed = parseEvent(predictionExample(overrides));
  if (!parsed.ok || parsed.kind !== 'prediction') throw new Error(`bad example: ${JSON.stringify(parsed)}`);
  return { event: parsed.event as PredictionEvent, deploymentId: D, variant, strategy: 'canary' };
}

function pair(variant: string, at: string, predictedLabel: string | null, trueLabel: string | null, value: number | null): JoinedPair {
  return { deploymentId: D, variant, predictedAt: new Date(at), predictedLabel, trueLabel, value };
}

describe('computeRollups', () => {
  const predictions = [
    prediction('baseline', { timestamp: '2026-11-25T09:30:10Z', latencyMs: 4, features: { ear_length_cm: 1, fur: 'grey' }, prediction: { label: 'cat' } }),
    prediction('baseline', { timestamp: '2026-11-25T09:30:50Z', latencyMs: 30, features: { ear_length_cm: 1 }, prediction: undefined, error: { code: 'oom' } }),
    prediction('candidate', { timestamp: '2026-11-25T09:31:05Z', latencyMs: 12000, shadow: true, features: { fur: 'grey' } }),
  ];
  const pairs = [
    pair('baseline', '2026-11-25T09:30:10Z', 'cat', 'cat', 2),
    pair('baseline', '2026-11-25T09:30:10Z', 'cat', 'dog', 3),
    pair('candidate', '2026-11-25T09:31:05Z', 'koala', null, null),
  ];

  it('adds counts, errors, latency bins, sketches and joined outcomes per deployment, variant and minute', () => {
    const rows = computeRollups(predictions, pairs, MINUTE);
    expect(rows.map((r) => [r.variant, r.bucketStart.toISOString()])).toEqual([
      ['baseline', '2026-11-25T09:30:00.000Z'],
      ['candidate', '2026-11-25T09:31:00.000Z'],
    ]);
    const [baseline, candidate] = rows as [RollupDelta, RollupDelta];
    expect(baseline).toMatchObject({
      predictions: 2, errors: 1, shadowPredictions: 0, latencySum: 34,
      outcomes: 2, outcomeValues: 2, outcomeSum: 5, outcomeSumSquares: 13, correct: 1, incorrect: 1,
    });
    expect({ ...baseline.latencyHistogram }).toEqual({ '5': 1, '50': 1 });
    expect(JSON.parse(JSON.stringify(baseline.featureSketches))).toEqual({
      ear_length_cm: { p0: 2 },
      fur: { 'c:grey': 1 },
      $prediction: { 'c:cat': 1 },
    });
    expect(candidate).toMatchObject({ predictions: 1, shadowPredictions: 1, outcomes: 1, outcomeValues: 0, correct: 0, incorrect: 0 });
    expect({ ...candidate.latencyHistogram }).toEqual({ '+Inf': 1 });
  });

  it('is additive: two halves of a batch add up to the whole batch', () => {
    const whole = computeRollups(predictions, pairs, MINUTE);
    const halves = [computeRollups(predictions.slice(0, 1), pairs.slice(0, 2), MINUTE), computeRollups(predictions.slice(1), pairs.slice(2), MINUTE)];
    const summed = new Map<string, { predictions: number; outcomeSum: number; bins: number }>();
    for (const row of halves.flat()) {
      const key = `${row.variant}@${row.bucketStart.toISOString()}`;
      const acc = summed.get(key) ?? { predictions: 0, outcomeSum: 0, bins: 0 };
      acc.predictions += row.predictions;
      acc.outcomeSum += row.outcomeSum;
      acc.bins += Object.values(row.featureSketches.ear_length_cm ?? {}).reduce((a, b) => a + b, 0);
      summed.set(key, acc);
    }
    for (const row of whole) {
      const bins = Object.values(row.featureSketches.ear_length_cm ?? {}).reduce((a, b) => a + b, 0);
      expect(summed.get(`${row.variant}@${row.bucketStart.toISOString()}`)).toEqual({ predictions: row.predictions, outcomeSum: row.outcomeSum, bins });
    }
  });

  it('keeps the size of a window bounded whatever the number of events', () => {
    const size = (n: number) => {
      const many = Array.from({ length: n }, (_, i) =>
        prediction('candidate', { eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, features: { ear_length_cm: 5 + ((i * 7919) % 1000) / 100, fur: i % 2 ? 'grey' : 'brown' } }),
      );
      return JSON.stringify(computeRollups(many, [], MINUTE)[0]?.featureSketches).length;
    };
    const small = size(2_000);
    const large = size(8_000);
    expect(large).toBeLessThan(small * 1.1); // counts get one digit longer at most
  });

  it('keeps a feature named __proto__ as a plain key', () => {
    const base = prediction('baseline', {});
    const hostile = { ...base, event: { ...base.event, features: JSON.parse('{"__proto__": 3}') } };
    const rows = computeRollups([hostile], [], MINUTE);
    expect(Object.keys(rows[0]!.featureSketches)).toContain('__proto__');
    expect(({} as Record<string, unknown>).p29).toBeUndefined(); // numericBin(3) is p29
  });
});
