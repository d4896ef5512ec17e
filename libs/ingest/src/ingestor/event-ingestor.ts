import type { ParsedEvent } from '@modelgate/contracts';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { classifyEvents, type DeadLetter, type DeploymentResolver } from '../batch/classify-events';
import { DEPLOYMENT_VARIANTS_SQL, deploymentIndex, type DeploymentVariantRow } from '../deployments/deployment-index';
import { writeEventBatch, type WriteResult } from '../writer/event-batch.writer';
import { copyRows } from '../writer/pg-copy';

export interface IngestorOptions {
  /** Width of a rollup time bucket. */
  bucketMs: number;
  /** How long the deployment index is trusted before a batch reloads it. */
  deploymentsMaxAgeMs?: number;
}

export interface IngestResult<S> extends WriteResult {
  received: number;
  deadLetters: Array<DeadLetter<S>>;
}

/**
 * The ingest path shared by the Kafka consumer and `POST /v1/events`: classify a batch,
 * write what is valid in one PostgreSQL transaction, hand back what must be dead-lettered.
 * When this resolves, the batch is committed in PostgreSQL; only then may the caller
 * commit Kafka offsets (or answer the HTTP request).
 */
export class EventIngestor {
  private resolver: DeploymentResolver | undefined;
  private loadedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IngestorOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Classifies and writes a batch. With `allOrNothing` (the HTTP endpoint), a batch with any
   * dead letter writes nothing, so that the client can fix and resend it whole.
   */
  async ingest<S>(
    items: ReadonlyArray<{ source: S; parsed: ParsedEvent }>,
    { allOrNothing = false } = {},
  ): Promise<IngestResult<S>> {
    let classified = classifyEvents(items, await this.deployments(false));
    // A deployment created a moment ago is not in the index yet: look again before dead-lettering.
    if (classified.deadLetters.some((d) => d.reason === 'unknown-model') && this.now() - this.loadedAt > 1_000) {
      classified = classifyEvents(items, await this.deployments(true));
    }
    const nothing = classified.predictions.length + classified.outcomes.length === 0;
    const written =
      nothing || (allOrNothing && classified.deadLetters.length > 0)
        ? { predictionsWritten: 0, outcomesWritten: 0, duplicates: 0, joins: 0 }
        : await this.dataSource.transaction(async (manager) => {
            // The transaction's own pg connection, so that COPY runs inside the same transaction.
            const client = (await manager.queryRunner!.connect()) as PoolClient;
            const db = { query: manager.query.bind(manager), copy: (sql: string, rows: readonly string[]) => copyRows(client, sql, rows) };
            return writeEventBatch(db, classified, this.options.bucketMs);
          });
    return {
      ...written,
      received: items.length,
      duplicates: written.duplicates + classified.duplicates,
      deadLetters: classified.deadLetters,
    };
  }

  private async deployments(reload: boolean): Promise<DeploymentResolver> {
    const stale = this.now() - this.loadedAt > (this.options.deploymentsMaxAgeMs ?? 10_000);
    if (this.resolver === undefined || reload || stale) {
      const rows = (await this.dataSource.query(DEPLOYMENT_VARIANTS_SQL)) as DeploymentVariantRow[];
      this.resolver = deploymentIndex(rows);
      this.loadedAt = this.now();
    }
    return this.resolver;
  }
}
