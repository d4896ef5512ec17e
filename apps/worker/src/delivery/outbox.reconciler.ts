import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OutboxRepository } from '@modelgate/persistence';
import { type AppConfig, ROOT_LOGGER } from '@modelgate/platform';
import { Client } from 'pg';
import type { Logger as Pino } from 'pino';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryService } from './delivery.service';

const CHANNEL = 'modelgate_outbox';
const GAUGE_INTERVAL_MS = 5_000;

/**
 * Feeds the delivery queue from the outbox, which is the truth (Redis may lose every job):
 * - a new or hand-retried row is delivered as soon as its transaction commits (LISTEN on the
 *   trigger of migration 1764082000000; DeliveryService.wake);
 * - the reconciler, at start, every `DELIVERY_RECONCILE_INTERVAL_MS` and after the listening
 *   connection comes back, enqueues the first undelivered row of every destination and deployment.
 * A job drains the whole line of its row, so a burst of rows in one line costs one claim, not one each.
 */
@Injectable()
export class OutboxReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private client: Client | null = null;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger: Pino;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: DeliveryQueue,
    private readonly delivery: DeliveryService,
    private readonly metrics: DeliveryMetrics,
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(ROOT_LOGGER) root: Pino,
  ) {
    this.logger = root.child({ context: 'outbox' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timers.push(setInterval(() => void this.reconcile(), this.config.get('DELIVERY_RECONCILE_INTERVAL_MS', { infer: true })));
    this.timers.push(setInterval(() => void this.measure(), GAUGE_INTERVAL_MS));
    for (const timer of this.timers) timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.client?.end().catch(() => undefined);
  }

  /** Enqueues the head of every line; returns how many. */
  async reconcile(): Promise<number> {
    try {
      const heads = await this.outbox.heads();
      for (const head of heads) await this.queue.enqueue(head);
      if (heads.length > 0) this.logger.info({ rows: heads.length }, 'reconciled the outbox: enqueued the first undelivered row of every line');
      return heads.length;
    } catch (error) {
      this.logger.error({ err: error }, 'reconciling the outbox failed; the next run retries');
      return 0;
    }
  }

  private async measure(): Promise<void> {
    try {
      this.metrics.oldestPending.set(await this.outbox.oldestPendingAgeSeconds());
    } catch (error) {
      this.logger.warn({ err: error }, 'measuring the oldest undelivered decision failed');
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.get('DATABASE_URL', { infer: true }), application_name: 'modelgate-worker-outbox' });
    client.on('notification', (message) => {
      if (!message.payload) return;
      this.delivery.wake(message.payload).catch((error: unknown) => {
        this.logger.error({ err: error, outboxId: message.payload }, 'delivering a new outbox row failed; the queue or else the reconciler takes it');
      });
    });
    const lost = (error?: unknown) => {
      if (this.stopped || this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      this.logger.warn({ err: error }, 'lost the outbox notifications; listening again in 1 s');
      setTimeout(() => void this.listen().catch(() => undefined), 1_000).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      lost(error);
      throw error;
    }
    // Whatever was written while nobody listened.
    await this.reconcile();
  }
}
