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
export { findReportDeployment, latestDrift, listControlActions, listDeploymentDecisions, sumRollups } from './reports/report.queries';
export { addSketches, dataDriftOf, type Sketches } from './monitors/drift-verdict';
export { runDriftTick, settingsOf, toAnalysis } from './monitors/drift-tick';
export { monitorSql, type MonitorRow, type ReferenceRow } from './monitors/monitor.repository';
