import { deploymentStrategies, type DeploymentStrategy } from '@modelgate/contracts';
import { RolloutError } from './errors';
import { abTest } from './strategies/ab-test';
import { blueGreen } from './strategies/blue-green';
import { canary } from './strategies/canary';
import type { StrategyMachine } from './strategies/machine';
import { recreate } from './strategies/recreate';
import { rolling } from './strategies/rolling';
import { shadow } from './strategies/shadow';
import type { Evaluate } from './types';

/** Every strategy's state machine, by its name: an explicit map, no registration at import time. */
export const STRATEGIES: Readonly<Record<DeploymentStrategy, StrategyMachine>> = {
  recreate,
  rolling,
  blue_green: blueGreen,
  canary,
  ab_test: abTest,
  shadow,
};

/** The state machine of a strategy; an unknown name is a bug or a bad row, and says which names exist. */
export function strategyMachine(name: string): StrategyMachine {
  if (!(deploymentStrategies as readonly string[]).includes(name)) {
    throw new RolloutError('unknown_strategy', `Unknown strategy ${JSON.stringify(name)}; valid strategies: ${deploymentStrategies.join(', ')}.`);
  }
  return STRATEGIES[name as DeploymentStrategy];
}

/** The `Evaluate` of a strategy (see `strategyMachine`). */
export function evaluatorFor(name: string): Evaluate {
  return strategyMachine(name).evaluate;
}
