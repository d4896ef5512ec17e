import { describe, expect, it } from 'vitest';
import { buildReport } from './build-report';
import { canaryDecisions, canaryDeployment, canaryInput, story } from './testing/canary-story';

describe('buildReport', () => {
  it('places each analysis at the step and share it analysed, and each step ends with its decision', () => {
    const report = buildReport(canaryInput());
    expect(report.analyses).toHaveLength(12);
    expect(report.analyses.map((a) => a.step)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(report.analyses.map((a) => a.share)).toEqual([5, 5, 5, 10, 10, 10, 25, 25, 25, 50, 50, 50]);
    expect(report.steps.map((s) => [s.share, s.analyses, s.outcome])).toEqual([
      [5, 3, 'advance'],
      [10, 3, 'advance'],
      [25, 3, 'advance'],
      [50, 3, 'promote'],
    ]);
    expect(report.steps[0]!.firstAt).toBe('2025-11-24T08:05:00.000Z');
  });

  it('keeps every decision oldest first, whatever order they come in', () => {
    const decisions = canaryDecisions(story);
    const report = buildReport(canaryInput({ decisions: [...decisions].reverse() }));
    expect(report.decisions.map((d) => d.id)).toEqual(decisions.map((d) => d.id));
    expect(report.decisions.at(-1)!.action).toBe('promote');
  });

  it('has each variant’s metrics over time with intervals, the primary metric first', () => {
    const report = buildReport(canaryInput());
    const candidate = report.variants.find((v) => v.variant === 'candidate')!;
    expect(candidate.version).toBe('v2');
    expect(candidate.totals).toEqual({ predictions: 9_000, errors: 40, outcomes: 5_400 });
    expect(candidate.metrics.map((m) => [m.metric, m.role, m.points.length])).toEqual([
      ['accuracy', 'primary', 12],
      ['latency_p99_ms', 'signal', 12],
    ]);
    // The first analysis at 5 %: 4000 × 5 % − 2 = 198 candidate predictions, accuracy 0.918.
    expect(candidate.metrics[0]!.points[0]).toMatchObject({ at: '2025-11-24T08:05:00.000Z', value: 0.918, n: 119 });
    expect(candidate.metrics[0]!.points[0]!.ciLower).toBeLessThan(0.918);
  });

  it('puts state changes and control actions on the timeline, not the holds', () => {
    const report = buildReport(canaryInput());
    expect(report.timeline.map((t) => [t.kind, t.action, t.actor, t.share])).toEqual([
      ['control', 'start', 'ops-alice', null],
      ['decision', 'advance', 'engine', 10],
      ['decision', 'advance', 'engine', 25],
      ['decision', 'advance', 'engine', 50],
      ['decision', 'promote', 'engine', 100],
    ]);
  });

  it('reports SRM per analysis and the drift of the live versions', () => {
    const report = buildReport(canaryInput());
    expect(report.analyses[0]!.srm).toMatchObject({ expected: { baseline: 0.95, candidate: 0.05 }, observed: { baseline: 3802, candidate: 198 } });
    expect(report.drift[0]!.features.filter((f) => f.drifted).map((f) => f.feature)).toEqual(['brightness']);
  });

  it('names the A/B arms as variants', () => {
    const deployment = { ...canaryDeployment(story), strategy: 'ab_test' as const, arms: [{ name: 'control', version: 'v1', weight: 1 }, { name: 'koala', version: 'v2', weight: 1 }] };
    const report = buildReport(canaryInput({ deployment, decisions: [] }));
    expect(report.variants.map((v) => [v.variant, v.version])).toEqual([['control', 'v1'], ['koala', 'v2']]);
    expect(report.analyses).toEqual([]);
  });
});
