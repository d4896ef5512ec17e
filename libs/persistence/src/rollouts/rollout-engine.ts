import type { DeploymentStrategy } from '@modelgate/contracts';
import { type ControlCommand, type ControlResult, control, type Evaluate, evaluatorFor, type RolloutSettings, type RolloutState } from '@modelgate/rollouts';

/** The pure engine the store runs in its transactions: the strategies' state machines and `control()`. */
export interface RolloutEngine {
  evaluate(strategy: DeploymentStrategy): Evaluate;
  control(state: RolloutState, command: ControlCommand, settings: RolloutSettings, now: Date): ControlResult;
}

/** The injection token of the engine. */
export const ROLLOUT_ENGINE = Symbol('ROLLOUT_ENGINE');

/** The engine of `@modelgate/rollouts`: its strategy registry and `control()`. */
export const rolloutEngine: RolloutEngine = { evaluate: evaluatorFor, control };
