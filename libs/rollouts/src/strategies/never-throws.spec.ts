import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionActions, deploymentPhases, deploymentStrategies } from '@modelgate/contracts';
import { propertyRuns } from '../../../stats/src/testing/property-runs';
import { control } from '../control/control';
import { STRATEGIES } from '../strategy-registry';
import { aggregate, analysis, settingsFor, pending } from '../testing/fixtures';
import type { AnalysisInput, RolloutSettings, RolloutState } from '../types';

const anyState = fc.oneof(
  fc.anything(),
  fc.record({ ...Object.fromEntries(Object.keys(pending).map((k) => [k, fc.anything()])), phase: fc.constantFrom(...deploymentPhases) }),
);
const anyAggregate = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...Object.keys(aggregate('x', 'y', 1))), fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null))));
const anyAnalysis = fc.oneof(fc.anything(), fc.record({ window: fc.anything(), variants: fc.array(anyAggregate), before: fc.anything(), error: fc.oneof(fc.constant(undefined), fc.string()) }));
const anySettings = (strategy: (typeof deploymentStrategies)[number]) =>
  fc.oneof(fc.anything(), fc.record({ ...Object.fromEntries(Object.keys(settingsFor(strategy)).map((k) => [k, fc.anything()])), strategy: fc.constant(strategy) }));

describe('every strategy’s evaluate never throws, whatever it is given', () => {
  for (const strategy of deploymentStrategies) {
    it(strategy, () => {
      const evaluate = STRATEGIES[strategy].evaluate;
      fc.assert(
        fc.property(anyState, anyAnalysis, anySettings(strategy), fc.date({ noInvalidDate: false }), (state, input, settings, now) => {
          const t = evaluate(state as RolloutState, input as AnalysisInput, settings as RolloutSettings, now);
          expect(decisionActions).toContain(t.decision.action);
          expect(t.decision.reason.endsWith(`: ${t.decision.action}`)).toBe(true);
        }),
        propertyRuns(300),
      );
    });
  }

  it('turns an unexpected exception into a counted error and a hold', () => {
    const state = { ...pending, phase: 'progressing' as const, stepIndex: 0, share: 50 };
    const t = STRATEGIES.ab_test.evaluate(state, analysis(0, 60, []), settingsFor('ab_test', { arms: [] }), new Date(60_000));
    expect(t.decision.reason).toBe('analysis could not run (internal error: Error: an A/B test needs at least two arms, got 0), consecutive error 1 of limit 4: hold');
    expect(t.state.counters.consecutiveErrors).toBe(1);
  });

  it('control never throws on commands it does not know', () => {
    const r = control(pending, { kind: 'launch' } as never, settingsFor('canary'), new Date(0));
    expect(r).toEqual({ ok: false, reason: 'unknown command "launch"; valid: start, pause, resume, abort, approve, alert' });
  });
});
