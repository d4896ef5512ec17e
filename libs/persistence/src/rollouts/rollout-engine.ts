import type { DeploymentStrategy } from '@modelgate/contracts';
import { type ControlCommand, control, type Evaluate, type RolloutSettings, type RolloutState, strategies, type Transition } from '@modelgate/rollouts';

/** A control command's outcome: the transition, or why it does not apply (409). */
export type ControlOutcome = { ok: true; transition: Transition } | { ok: false; reason: string };

/** The pure engine the store runs in its transactions: the strategies' state machines and `control()`. */
export interface RolloutEngine {
  evaluate(strategy: DeploymentStrategy): Evaluate;
  control(state: RolloutState, command: ControlCommand, settings: RolloutSettings, now: Date): ControlOutcome;
}

/** The injection token of the engine (provided from `@modelgate/rollouts` by each app). */
export const ROLLOUT_ENGINE = Symbol('ROLLOUT_ENGINE');

/** The engine of `@modelgate/rollouts`: its strategy registry and `control()`. */
export const rolloutEngine: RolloutEngine = {
  evaluate: (strategy) => strategies[strategy],
  control: (state, command, settings, now) => {
    const result = control(state, command, settings, now);
    return 'error' in result ? { ok: false, reason: result.error } : { ok: true, transition: result };
  },
};
