// Public API of @modelgate/rollouts: the strategies as pure state machines and their shared policy.
export type * from './types';
export { RolloutError, type RolloutErrorCode } from './errors';
export { METRICS, METRIC_NAMES, armStatistic, type MetricDefinition, type MetricKind } from './metrics/metric-definitions';
export { estimateMetric } from './metrics/estimates';
export { compareMetric, type MetricComparisonOptions, type MetricTest } from './metrics/compare-metric';
export { runPolicy, type PolicyInput, type PolicyResult, type PrimaryKind } from './policy/policy';
export { worst, type Check, type Outcome } from './policy/checks';
export { STRATEGIES, strategyMachine, evaluatorFor } from './strategy-registry';
export type { StrategyMachine } from './strategies/machine';
export { control, type ControlResult } from './control/control';
export { analysedPhases, armWeights, initialState, routingOf, saltsOf, type VariantsRequest } from './deployment/deployment-rules';
export { defaultStepsOf, type DeploymentRecord, deploymentRecordOf, nextDeploymentOf, type ShadowOrigin, withNextStarted } from './deployment/next-deployment';
