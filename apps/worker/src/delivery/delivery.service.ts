import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { backoffDelay, type DeliveryResult, type DeployAdapter, KafkaDecisionsAdapter, StandardWebhookAdapter } from '@modelgate/deploy';
import { KAFKA_DESTINATION, OutboxRepository, type OutboxRow, type Settlement } from '@modelgate/persistence';
import { type AppConfig, KafkaClient, type KafkaProducer } from '@modelgate/platform';
import { DeliveryMetrics } from './delivery.metrics';
import { DeliveryQueue } from './delivery.queue';

/**
 * One delivery attempt of one outbox row, and what follows it: the row's next state (delivered,
 * retried after a backoff or a Retry-After, failed past the retry budget, gone on 410), then the next
 * row in line for the same destination and deployment.
 */
@Injectable()
export class DeliveryService implements OnApplicationShutdown {
  private producer: Promise<KafkaProducer> | null = null;
  private readonly kafkaAdapter: DeployAdapter;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: DeliveryQueue,
    private readonly metrics: DeliveryMetrics,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly kafka: KafkaClient,
  ) {
    this.kafkaAdapter = new KafkaDecisionsAdapter(() => this.kafkaProducer());
  }

  async deliver(id: string): Promise<void> {
    const outcome = await this.outbox.attempt(id, (row) => this.send(row));
    if (outcome.kind === 'skipped') return;
    if (outcome.kind === 'early') return this.queue.enqueue(outcome.due, '-due');
    const { row, settlement } = outcome;
    this.metrics.settled(row.destination, settlement.state);
    if (settlement.state === 'pending') {
      await this.queue.enqueue({ id: row.id, attempts: row.attempts + 1, delayMs: settlement.delayMs });
      return;
    }
    const next = await this.outbox.next(row);
    if (next) await this.queue.enqueue(next, '-next');
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.then((p) => p.close()).catch(() => undefined);
  }

  private async send(row: OutboxRow): Promise<Settlement> {
    const adapter = this.adapter(row);
    if (!adapter) return { state: 'gone', status: null, error: 'the subscription was deleted or disabled' };
    this.metrics.attempted(row.destination);
    return this.settlement(row, await adapter.deliver(row.decision));
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
