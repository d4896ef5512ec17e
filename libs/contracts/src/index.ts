// Public API of @modelgate/contracts.
export {};
export * from './api/targeting.dto';
export * from './api/live-deployment';
export * from './api/assignment.dto';
export * from './api/assign-fast-check';
export * from './api/deployment.dto';
export * from './api/rollout-control.dto';
export * from './api/alertmanager.dto';
export * from './events';
export * from './rollups';
export * from './api/api-key.dto';
export * from './decisions';
export * from './api/webhook.dto';
export * from './api/gate.dto';
export * from './api/report.dto';
export * from './api/monitor.dto';
