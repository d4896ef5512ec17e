// Public API of @modelgate/persistence: the database description, its Nest module, repositories.
export { createDataSource, dataSourceOptions, type DatabaseSettings } from './data-source';
export { PersistenceModule } from './persistence.module';
export { KAFKA_DESTINATION, type SqlRunner, webhookDestination, writeDecision } from './decisions/decision.writer';
export { type Claim, type ClaimLimits, type DueRow, OutboxRepository, type OutboxRow, type Settlement } from './delivery/outbox.repository';
export {
  type DeliveryRow,
  type NewSubscription,
  type SubscriptionRow,
  WebhookSubscriptionRepository,
} from './delivery/webhook-subscription.repository';
export { variantTotals } from './reports/report.queries';
export { addSketches, dataDriftOf, type Sketches } from './monitors/drift-state';
export { monitorSettingsOf, runDriftTick, toAnalysis } from './monitors/drift-tick';
export { monitorSql, type MonitorRow, type ReferenceRow } from './monitors/monitor.repository';
export { DecisionRepository } from './decisions/decision.repository';
export { DeploymentRepository } from './deployments/deployment.repository';
export { type DeploymentRow, settingsOf, stateOf, toDeployment, toLiveDeployment } from './deployments/deployment.row';
export { AnalysisRepository, type AnalysisView } from './analyses/analysis.repository';
export { type AggregateWindow, VARIANT_AGGREGATES_SQL, variantAggregates } from './analyses/variant-aggregates';
export { type Actor, type AuditEntry, TimelineRepository, type TimelineOptions } from './timeline/timeline.repository';
export { RolloutStoreError, type RolloutStoreErrorCode } from './rollouts/rollout-store.error';
export { ROLLOUT_ENGINE, type RolloutEngine, rolloutEngine } from './rollouts/rollout-engine';
export { type ControlOutcome, RolloutRunner, type TickResult } from './rollouts/rollout.runner';
export { RolloutStoreModule } from './rollouts/rollout-store.module';
export { cacheListener, type ChangeListenerOptions, type Changes, PgChangeListener } from './notify/pg-change.listener';
export { DAY_MS, EVENT_TABLES, type EventPartition, EventPartitions, type EventTable, partitionName, utcDay } from './events/event-partitions';
