import { control } from '../control/control';
import { strategyMachine } from '../strategy-registry';
import type { AnalysisInput, DecisionDraft, RolloutSettings, RolloutState } from '../types';
import { at, pending } from './fixtures';

export interface Run {
  state: RolloutState;
  decisions: DecisionDraft[];
}

/** Starts a deployment at t = 0, then analyses every `interval` s until it ends or `ticks` run out. */
export function drive(settings: RolloutSettings, input: (state: RolloutState, tick: number) => AnalysisInput, ticks = 20, interval = 60): Run {
  const started = control(pending, { kind: 'start' }, settings, at(0));
  if (!started.ok) throw new Error(started.reason);
  const decisions: DecisionDraft[] = started.decision ? [started.decision] : [];
  let state = started.state;
  const evaluate = strategyMachine(settings.strategy).evaluate;
  for (let tick = 1; tick <= ticks && !['promoted', 'rolled_back', 'stopped'].includes(state.phase); tick++) {
    const t = evaluate(state, input(state, tick), settings, at(tick * interval));
    decisions.push(t.decision);
    state = t.state;
  }
  return { state, decisions };
}

/** "action@share" per decision, the shape the specs compare with hand-written sequences. */
export function trail(run: Run): string[] {
  return run.decisions.map((d) => `${d.action}:${d.phaseAfter}`);
}
