// Public API of @modelgate/rollouts: the strategies as pure state machines and their shared policy.
export type * from './types';
export { analysedPhases, armWeights, initialState, isFinalPhase, routingOf, saltsOf, type VariantsRequest } from './deployment/deployment-rules';
