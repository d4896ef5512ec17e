import { Processor, WorkerHost } from '@nestjs/bullmq';
import { ConfigService } from '@nestjs/config';
import { DAY_MS, type EventPartition, EventPartitions, utcDay } from '@modelgate/persistence';
import { type AppConfig, AppLogger, MetricsService } from '@modelgate/platform';
import type { Counter } from 'prom-client';
import { DAYS_AHEAD, PARTITIONS_QUEUE } from './partitions.queue';

/**
 * Keeps the daily partitions of the event tables: creates today's and the next DAYS_AHEAD days',
 * drops the days wholly older than EVENT_RETENTION_DAYS. Idempotent: any number of workers may run it.
 */
@Processor(PARTITIONS_QUEUE)
export class PartitionsProcessor extends WorkerHost {
  private readonly changes: Counter<'table' | 'action'>;
  private readonly retentionDays: number;

  constructor(
    private readonly partitions: EventPartitions,
    config: ConfigService<AppConfig, true>,
    metrics: MetricsService,
    private readonly logger: AppLogger,
  ) {
    super();
    this.logger.setContext('event-partitions');
    this.retentionDays = config.get('EVENT_RETENTION_DAYS', { infer: true });
    this.changes = metrics.counter('modelgate_event_partitions_total', 'Daily event partitions created ahead or dropped past the retention, by table.', ['table', 'action']);
  }

  async process(): Promise<void> {
    const now = new Date();
    const today = utcDay(now.getTime());
    const created = await this.partitions.ensure(Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => today + i));
    for (const partition of created) this.record(partition, 'created');
    const dropped = await this.partitions.dropExpired(this.retentionDays, now);
    for (const partition of dropped) this.record(partition, 'dropped');
    this.logger.debug({ created: created.length, dropped: dropped.length, retentionDays: this.retentionDays }, 'event partitions maintained');
  }

  private record({ table, name, day }: EventPartition, action: 'created' | 'dropped'): void {
    this.changes.inc({ table, action });
    const fields = { table, partition: name, day: new Date(day * DAY_MS).toISOString().slice(0, 10), retentionDays: this.retentionDays };
    this.logger.info(fields, `event partition ${action}`);
  }
}
