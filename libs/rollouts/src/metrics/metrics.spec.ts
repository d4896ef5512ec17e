import { describe, expect, it } from 'vitest';
import { aggregate } from '../testing/fixtures';
import { worst } from '../policy/checks';
import { compareMetric, type MetricComparisonOptions } from './compare-metric';
import { estimateMetric } from './estimates';

const guardrail: MetricComparisonOptions = { kind: 'non_inferiority', margin: 0, higherIsBetter: false, alpha: 0.05, tuning: 5000, minSamples: 150, role: 'guardrail', variant: 'candidate', against: 'baseline' };

describe('metric estimates from aggregates', () => {
  it('error rate with its Wilson interval (12 of 1000: 0.68776 %–2.0857 %, by hand)', () => {
    const e = estimateMetric('error_rate', { ...aggregate('candidate', 'v2', 1000), errors: 12 }, 0.05);
    expect(e).toMatchObject({ metric: 'error_rate', value: 0.012, n: 1000 });
    expect(e.ciLower).toBeCloseTo(0.0068776, 6);
    expect(e.ciUpper).toBeCloseTo(0.0208573, 6);
  });

  it('p95 latency interpolated inside its histogram bin (rank 95 of 100 in (20, 50] ms: 35 ms)', () => {
    const v = { ...aggregate('candidate', 'v2', 100), latencyHistogram: { '10': 50, '20': 40, '50': 10 } };
    expect(estimateMetric('latency_p95_ms', v, 0.05)).toMatchObject({ value: 35, n: 100 });
    expect(estimateMetric('latency_p99_ms', v, 0.05).value).toBeCloseTo(47, 9);
  });

  it('outcome value from n, Σ and Σ² (1, 2, 3, 4: mean 2.5, 95 % interval 1.2348–3.7652)', () => {
    const v = { ...aggregate('candidate', 'v2', 4), outcomeValues: 4, outcomeSum: 10, outcomeSumSquares: 30 };
    const e = estimateMetric('outcome_value', v, 0.05);
    expect(e.value).toBe(2.5);
    expect(e.ciLower).toBeCloseTo(1.234849, 5);
    expect(e.ciUpper).toBeCloseTo(3.765151, 5);
  });

  it('no data is a null estimate, never a zero that looks valid', () => {
    expect(estimateMetric('accuracy', aggregate('candidate', 'v2', 100, { labelled: 0 }), 0.05)).toEqual({ metric: 'accuracy', value: null, ciLower: null, ciUpper: null, n: 0 });
  });
});

describe('metric tests', () => {
  it('error rate 5 % → 5.5 % on 50 000 each is significant harm (gbstats reference: [0.00126, 0.19874], p 0.043374)', () => {
    const base = { ...aggregate('baseline', 'v1', 50000), errors: 2500 };
    const cand = { ...aggregate('candidate', 'v2', 50000), errors: 2750 };
    const t = compareMetric('error_rate', base, cand, guardrail).evidence;
    expect(t).toMatchObject({ name: 'sequential_t', verdict: 'fail', threshold: 0 });
    expect(t.ciLower).toBeCloseTo(0.00126, 5);
    expect(t.ciUpper).toBeCloseTo(0.19874, 5);
    expect(t.pValue).toBeCloseTo(0.043374, 6);
  });

  it('latency is tested on the share slower than a histogram bound, named in the evidence', () => {
    const t = compareMetric('latency_p95_ms', aggregate('baseline', 'v1', 20000), aggregate('candidate', 'v2', 20000, { latency: 'slow' }), guardrail);
    expect(t.evidence.name).toBe('sequential_tail_share');
    expect(t.evidence.verdict).toBe('fail');
    // Pooled shares above 100 ms: (0.06 + 0.16)/2 = 11 %; above 200 ms: (0.01 + 0.08)/2 = 4.5 % — the nearer to 5 %.
    expect(t.summary).toContain('share slower than 200 ms 8 % vs 1 %');
  });

  it('a candidate whose latencies do not overlap the baseline\'s at all is harm, not a hold (engine e2e finding)', () => {
    // Every baseline request in (10, 20] ms, every candidate request in (20, 50] ms: shares slower than 20 ms 0 % vs 100 %.
    const base = { ...aggregate('baseline', 'v1', 2000), latencyHistogram: { '20': 2000 } };
    const cand = { ...aggregate('candidate', 'v2', 2000), latencyHistogram: { '50': 2000 } };
    const t = compareMetric('latency_p95_ms', base, cand, guardrail);
    expect(t.evidence.verdict).toBe('fail');
    expect(t.summary).toContain('share slower than 20 ms 100 % vs 0 %');
    expect(t.evidence.pValue).toBeLessThan(0.05);
  });

  it('an arm without variance (no errors yet) is tested with the Agresti–Caffo adjustment, not voided', () => {
    const t = compareMetric('error_rate', { ...aggregate('baseline', 'v1', 5000), errors: 0 }, { ...aggregate('candidate', 'v2', 5000), errors: 0 }, guardrail).evidence;
    expect(t.verdict).toBe('inconclusive');
    expect(t.detail).toContain('Agresti–Caffo');
  });
});

describe('worst()', () => {
  it('ranks rollback > failure > hold > pass, the first among equals', () => {
    const c = worst([
      { outcome: 'pass', reason: 'a' },
      { outcome: 'hold', reason: 'b' },
      { outcome: 'failure', reason: 'c' },
      { outcome: 'hold', reason: 'd' },
    ]);
    expect(c.reason).toBe('c');
    expect(worst([{ outcome: 'rollback', reason: 'x' }, { outcome: 'rollback', reason: 'y' }]).reason).toBe('x');
    expect(worst([]).outcome).toBe('pass');
  });
});
