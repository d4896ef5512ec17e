import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { backoffDelay, type DeliveryResult, type DeployAdapter, KafkaDecisionsAdapter, StandardWebhookAdapter } from '@modelgate/deploy';
import { type ClaimLimits, KAFKA_DESTINATION, OutboxRepository, type OutboxRow, type Settlement } from '@modelgate/persistence';
import { type AppConfig, KafkaClient, type KafkaProducer } from '@modelgate/platform';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryQueue } from './delivery.queue';

/** Rows leased per claim: one Kafka produce, or webhooks POSTed one after the other. */
const BATCH = { kafka: 500, webhook: 50 };
/** Claims per job before the line goes back in the queue, so that a busy line never starves the others. */
const ROUNDS = 20;
/** Beyond the attempt's own time limit, what a lease allows for the database round trips around it. */
const LEASE_MARGIN_MS = 5_000;
/** kafkajs's own budget for one produce: its request timeout and retries (libs/platform KafkaClient). */
const KAFKA_SEND_MS = 30_000;

/**
 * Drains a line (one destination and deployment) of the outbox in order: claims the due rows at its
 * head with a lease, sends them (one Kafka produce for all; webhooks one after the other, stopping at
 * the first that is not delivered), settles them (delivered, retried after a backoff or a
 * Retry-After, failed past the retry budget, gone on 410), and claims again until the line is empty.
 */
@Injectable()
export class DeliveryService implements OnApplicationShutdown {
  private producer: Promise<KafkaProducer> | null = null;
  private readonly kafkaAdapter: DeployAdapter;
  /** Lines this process drains straight from a notification, outside the queue. */
  private draining = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: DeliveryQueue,
    private readonly metrics: DeliveryMetrics,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly kafka: KafkaClient,
  ) {
    this.kafkaAdapter = new KafkaDecisionsAdapter(() => this.kafkaProducer());
  }

  /**
   * A row just written: its line is drained here and now, without the round trips of a queued job
   * (the outbox is the truth: a crash meanwhile leaves a lease that runs out, and the reconciler).
   * Past `DELIVERY_CONCURRENCY` lines at once, or when the database fails, the row goes to the queue.
   */
  async wake(id: string): Promise<void> {
    if (this.draining >= this.config.get('DELIVERY_CONCURRENCY', { infer: true })) return this.queue.wake(id);
    this.draining++;
    try {
      await this.deliver(id);
    } catch (error) {
      await this.queue.wake(id);
      throw error;
    } finally {
      this.draining--;
    }
  }

  /** Drains the line of outbox row `id` (which may be delivered already: its line is what counts). */
  async deliver(id: string): Promise<void> {
    for (let round = 0; round < ROUNDS; round++) {
      const claim = await this.outbox.claim(id, this.limits);
      // Busy: the worker holding the line claims again when done (or its lease runs out: the reconciler).
      if (claim.kind === 'idle' || claim.kind === 'busy') return;
      if (claim.kind === 'early') return this.queue.enqueue(claim.due, '-due');
      const stopped = await this.sendLine(claim.rows);
      if (stopped) return;
    }
    await this.queue.enqueue({ id, attempts: 0, delayMs: 0 }, `-more-${Date.now()}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.then((p) => p.close()).catch(() => undefined);
  }

  /** Sends and settles claimed rows; true when the line must wait (a retry scheduled, or gone). */
  private async sendLine(rows: OutboxRow[]): Promise<boolean> {
    const head = rows[0]!;
    const adapter = this.adapter(head);
    const settled: { row: OutboxRow; settlement: Settlement }[] = [];
    if (!adapter) {
      settled.push({ row: head, settlement: { state: 'gone', status: null, error: 'the subscription was deleted or disabled' } });
    } else if (adapter.deliverAll) {
      for (const row of rows) this.metrics.attempted(row.destination);
      const result = await adapter.deliverAll(rows.map((r) => r.decision));
      // All or nothing: a failure counts as an attempt of the head only; the rest wait behind it.
      if (result.kind === 'delivered') for (const row of rows) settled.push({ row, settlement: this.settlement(row, result) });
      else settled.push({ row: head, settlement: this.settlement(head, result) });
    } else {
      for (const [i, row] of rows.entries()) {
        this.metrics.attempted(row.destination);
        const settlement = this.settlement(row, await adapter.deliver(row.decision));
        settled.push({ row, settlement });
        if (settlement.state !== 'delivered' || i === rows.length - 1) break;
        // Settle as we go, renewing the lease of what is left: a crash redelivers as little as possible.
        await this.outbox.settle([{ row, settlement }], rows.slice(i + 1).map((r) => r.id), this.leaseMs(false));
        settled.pop();
        this.metrics.settled(row.destination, settlement.state);
      }
    }
    const rest = rows.slice(rows.indexOf(settled.at(-1)?.row ?? head) + 1).map((r) => r.id);
    await this.outbox.settle(settled, rest, null);
    for (const s of settled) this.metrics.settled(s.row.destination, s.settlement.state);
    const last = settled.at(-1)!;
    if (last.settlement.state === 'pending') {
      await this.queue.enqueue({ id: last.row.id, attempts: last.row.attempts + 1, delayMs: last.settlement.delayMs });
      return true;
    }
    return last.settlement.state === 'gone';
  }

  private get limits(): ClaimLimits {
    return { kafka: { rows: BATCH.kafka, leaseMs: this.leaseMs(true) }, webhook: { rows: BATCH.webhook, leaseMs: this.leaseMs(false) } };
  }

  private leaseMs(isKafka: boolean): number {
    return (isKafka ? KAFKA_SEND_MS : this.config.get('DELIVERY_TIMEOUT_MS', { infer: true })) + LEASE_MARGIN_MS;
  }

  private adapter(row: OutboxRow): DeployAdapter | null {
    if (row.destination === KAFKA_DESTINATION) return this.kafkaAdapter;
    if (!row.webhook || row.webhook.state !== 'active') return null;
    return new StandardWebhookAdapter(row.webhook, { timeoutMs: this.config.get('DELIVERY_TIMEOUT_MS', { infer: true }) });
  }

  /** The row's next state; a retry past the budget (attempts or age) is a failure, visible and retriable by hand. */
  private settlement(row: OutboxRow, result: DeliveryResult): Settlement {
    if (result.kind === 'delivered') return { state: 'delivered', status: result.status };
    if (result.kind === 'gone') return { state: 'gone', status: result.status, error: result.reason };
    if (result.kind === 'failed' && !result.retriable) return { state: 'failed', status: result.status, error: result.reason };
    const delayMs =
      result.kind === 'retry-after'
        ? result.ms
        : backoffDelay(
            row.attempts,
            { baseMs: this.config.get('DELIVERY_BACKOFF_BASE_MS', { infer: true }), maxMs: this.config.get('DELIVERY_BACKOFF_MAX_MS', { infer: true }) },
            Math.random(),
          );
    const attempts = row.attempts + 1;
    const maxAttempts = this.config.get('DELIVERY_MAX_ATTEMPTS', { infer: true });
    const maxAgeMs = this.config.get('DELIVERY_MAX_AGE_MS', { infer: true });
    if (attempts >= maxAttempts || Date.now() + delayMs > row.budgetStartedAt.getTime() + maxAgeMs) {
      return { state: 'failed', status: result.status, error: `${result.reason}; gave up after ${attempts} attempts (retry budget: ${maxAttempts} attempts, ${maxAgeMs} ms)` };
    }
    return { state: 'pending', status: result.status, error: result.reason, delayMs };
  }

  private kafkaProducer(): Promise<KafkaProducer> {
    this.producer ??= this.kafka.producer().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }
}
