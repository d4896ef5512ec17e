// Public API of @modelgate/rollouts: the strategies as pure state machines and their shared policy.
export type * from './types';
