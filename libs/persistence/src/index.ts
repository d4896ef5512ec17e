// Public API of @modelgate/persistence: the database description, its Nest module, repositories.
export { createDataSource, dataSourceOptions, type DatabaseSettings } from './data-source';
export { PersistenceModule } from './persistence.module';
export { KAFKA_DESTINATION, type SqlRunner, webhookDestination, writeDecision } from './decisions/decision.writer';
export { findReportDeployment, latestDrift, listControlActions, listDeploymentDecisions, sumRollups } from './reports/report.queries';
