import type { ParsedEvent } from '@modelgate/contracts';
import { DAY_MS, EVENT_TABLES, EventPartitions } from '@modelgate/persistence';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { type ClassifiedEvents, classifyEvents, type DeadLetter, type DeploymentResolver, type EventWindow } from '../batch/classify-events';
import { DEPLOYMENT_VARIANTS_SQL, deploymentIndex, type DeploymentVariantRow } from '../deployments/deployment-index';
import { databaseErrorKind } from '../writer/database-errors';
import { writeEventBatch, type WriteResult } from '../writer/event-batch.writer';
import { copyRows } from '../writer/pg-copy';

export interface IngestorOptions {
  /** Width of a rollup time bucket. */
  bucketMs: number;
  /** How long the deployment index is trusted before a batch reloads it. */
  deploymentsMaxAgeMs?: number;
  /** Transient database failures: attempts per transaction, and the first backoff (doubling, at most 5 s). */
  retry?: { attempts: number; initialDelayMs: number };
  /** EVENT_RETENTION_DAYS: an event older than this many days is dead-lettered as `expired` (default 14). */
  retentionDays?: number;
}

export interface IngestResult<S> extends WriteResult {
  received: number;
  deadLetters: Array<DeadLetter<S>>;
  /** Events PostgreSQL refused, isolated by splitting the batch (dead-lettered as `rejected-by-database`). */
  isolated: number;
  /** Times a failing batch, or a part of it, was split in two to find them. */
  splits: number;
  /** Transactions retried after a transient failure (lost connection, deadlock, timeout). */
  retries: number;
}

type Item<S> = { source: S; parsed: ParsedEvent };
type Written<S> = WriteResult & { rejected: Array<DeadLetter<S>>; splits: number; retries: number };

const NOTHING: WriteResult = { predictionsWritten: 0, outcomesWritten: 0, duplicates: 0, joins: 0 };
const MAX_BACKOFF_MS = 5_000;
const MAX_REASON_LENGTH = 500;
/** How far ahead of the ingest clock an event may be timestamped (producers' clock skew); later ones are dead-lettered. */
export const MAX_AHEAD_MS = DAY_MS;

/**
 * The ingest path shared by the Kafka consumer and `POST /v1/events`: classify a batch,
 * write what is valid in one PostgreSQL transaction, hand back what must be dead-lettered.
 * When this resolves, the batch is committed in PostgreSQL; only then may the caller
 * commit Kafka offsets (or answer the HTTP request).
 *
 * One event the contract let through but PostgreSQL refuses must not stall its partition: on a
 * data error the batch is split in halves, each written (or split again) on its own, until the
 * refused events stand alone; those are dead-lettered with the database's message, the rest is
 * written. The normal path pays nothing for this. Transient failures are retried with backoff and
 * never blamed on an event.
 */
export class EventIngestor {
  private resolver: DeploymentResolver | undefined;
  private loadedAt = 0;
  private readonly partitions: EventPartitions;
  /** UTC days known to have their partitions in both event tables: a batch of those days pays nothing. */
  private partitionedDays: Set<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: IngestorOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.partitions = new EventPartitions(dataSource);
  }

  /**
   * Classifies and writes a batch. With `allOrNothing` (the HTTP endpoint), a batch with any
   * dead letter writes nothing, so that the client can fix and resend it whole.
   */
  async ingest<S>(items: ReadonlyArray<Item<S>>, { allOrNothing = false } = {}): Promise<IngestResult<S>> {
    let resolver = await this.deployments(false);
    const window = this.window();
    let classified = classifyEvents(items, resolver, window);
    // A deployment created a moment ago is not in the index yet: look again before dead-lettering. Always
    // (once per batch): the deployment was committed before its events were produced, so a reload made
    // after the batch was read sees it; a time gate here dead-lettered a fresh deployment's first events.
    if (classified.deadLetters.some((d) => d.reason === 'unknown-model')) {
      resolver = await this.deployments(true);
      classified = classifyEvents(items, resolver, window);
    }
    const nothing = classified.predictions.length + classified.outcomes.length === 0;
    if (!nothing) await this.ensurePartitions(classified.days);
    const refused = new Set(classified.deadLetters.map((d) => d.source));
    const written: Written<S> =
      nothing || (allOrNothing && classified.deadLetters.length > 0)
        ? { ...NOTHING, duplicates: classified.duplicates, rejected: [], splits: 0, retries: 0 }
        : await this.writeOrSplit(
            items.filter((item) => !refused.has(item.source)),
            classified,
            resolver,
            { commit: true, commitParts: !allOrNothing },
          );
    const { rejected, splits, retries, ...counts } = written;
    return {
      ...(allOrNothing && rejected.length > 0 ? NOTHING : counts),
      received: items.length,
      deadLetters: [...classified.deadLetters, ...rejected],
      isolated: rejected.length,
      splits,
      retries,
    };
  }

  /**
   * Writes `items` (already `classified`) in one transaction; on a data error, halves them and
   * recurses, so that a batch of n with k refused events costs about 2k·log2(n) extra transactions.
   * Without `commitParts` (all or nothing), the halves are rolled back: they only find the culprits.
   */
  private async writeOrSplit<S>(
    items: ReadonlyArray<Item<S>>,
    classified: ClassifiedEvents<S>,
    resolver: DeploymentResolver,
    { commit, commitParts }: { commit: boolean; commitParts: boolean },
  ): Promise<Written<S>> {
    const attempt = await this.transaction(classified, commit);
    if (attempt.ok) {
      return { ...attempt.written, duplicates: attempt.written.duplicates + classified.duplicates, rejected: [], splits: 0, retries: attempt.retries };
    }
    if (items.length === 1) {
      const errors = [{ path: '', message: reasonOf(attempt.error) }];
      return { ...NOTHING, rejected: [{ source: items[0]!.source, reason: 'rejected-by-database', errors }], splits: 0, retries: attempt.retries };
    }
    const middle = Math.ceil(items.length / 2);
    const halves = [items.slice(0, middle), items.slice(middle)];
    const parts = { commit: commitParts, commitParts };
    const [left, right] = [
      await this.writeOrSplit(halves[0]!, classifyEvents(halves[0]!, resolver), resolver, parts),
      await this.writeOrSplit(halves[1]!, classifyEvents(halves[1]!, resolver), resolver, parts),
    ] as const;
    const found = [...left.rejected, ...right.rejected];
    // Every part alone was accepted (on a dry run): the refusal came from the whole, not from one event.
    if (!commitParts && found.length === 0) throw attempt.error;
    return {
      predictionsWritten: left.predictionsWritten + right.predictionsWritten,
      outcomesWritten: left.outcomesWritten + right.outcomesWritten,
      duplicates: left.duplicates + right.duplicates,
      joins: left.joins + right.joins,
      rejected: found,
      splits: 1 + left.splits + right.splits,
      retries: attempt.retries + left.retries + right.retries,
    };
  }

  /** One transaction, retried on transient failures; a data error is returned, anything else thrown. */
  private async transaction<S>(
    classified: ClassifiedEvents<S>,
    commit: boolean,
  ): Promise<{ ok: true; written: WriteResult; retries: number } | { ok: false; error: unknown; retries: number }> {
    const { attempts, initialDelayMs } = this.options.retry ?? { attempts: 8, initialDelayMs: 100 };
    for (let retries = 0; ; retries += 1) {
      try {
        return { ok: true, written: await this.writeOnce(classified, commit), retries };
      } catch (error) {
        const kind = databaseErrorKind(error);
        if (kind === 'data') return { ok: false, error, retries };
        if (kind === 'fatal' || retries + 1 >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(initialDelayMs * 2 ** retries, MAX_BACKOFF_MS)));
      }
    }
  }

  private async writeOnce<S>(classified: ClassifiedEvents<S>, commit: boolean): Promise<WriteResult> {
    if (classified.predictions.length + classified.outcomes.length === 0) return NOTHING;
    const runner = this.dataSource.createQueryRunner();
    // The transaction's own pg connection, so that COPY runs inside the same transaction.
    const client = (await runner.connect()) as PoolClient;
    try {
      await runner.startTransaction();
      const db = { query: (sql: string, parameters?: unknown[]) => runner.query(sql, parameters), copy: (sql: string, rows: readonly string[]) => copyRows(client, sql, rows) };
      const written = await writeEventBatch(db, classified, this.options.bucketMs, this.now());
      await (commit ? runner.commitTransaction() : runner.rollbackTransaction());
      return written;
    } catch (error) {
      // A broken connection cannot roll back; the server discards the transaction anyway.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The timestamps stored now: within the retention, and at most MAX_AHEAD_MS ahead. */
  private window(): EventWindow {
    const retentionDays = this.options.retentionDays ?? 14;
    const now = this.now();
    return { from: now - retentionDays * DAY_MS, to: now + MAX_AHEAD_MS, retentionDays };
  }

  /**
   * Creates the partitions of the batch's days that are missing (the worker creates them ahead, but
   * ingest must not depend on it), in their own short transaction before the write: creating one
   * locks its table, which must not happen while this process holds a write on it.
   */
  private async ensurePartitions(days: ReadonlySet<number>): Promise<void> {
    if (this.partitionedDays === undefined) {
      const perDay = new Map<number, number>();
      for (const { day } of await this.partitions.list()) perDay.set(day, (perDay.get(day) ?? 0) + 1);
      this.partitionedDays = new Set([...perDay].filter(([, tables]) => tables === EVENT_TABLES.length).map(([day]) => day));
    }
    const missing = [...days].filter((day) => !this.partitionedDays!.has(day));
    if (missing.length === 0) return;
    await this.partitions.ensure(missing);
    for (const day of missing) this.partitionedDays.add(day);
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

/** PostgreSQL's own words (message, then detail), bounded: a dead letter's reason, never a stack. */
function reasonOf(error: unknown): string {
  const { message, detail } = error as { message?: string; detail?: string };
  return [message, detail].filter(Boolean).join(': ').slice(0, MAX_REASON_LENGTH);
}
