export * from './decision.schema';
export { decisionIdOf } from './decision-id';
