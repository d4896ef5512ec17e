import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { decodeEvent } from '@modelgate/contracts';
import { EventIngestor } from '@modelgate/ingest';
import {
  AppLogger,
  type AppConfig,
  type IncomingBatch,
  KafkaClient,
  type KafkaConsumer,
  type KafkaProducer,
  MetricsService,
} from '@modelgate/platform';
import { deadLetterMessage } from './dead-letter.message';

/**
 * The consumer-group member: each fetched batch is decoded, written in one PostgreSQL
 * transaction (or, when PostgreSQL refuses some event, in parts: see EventIngestor), its malformed
 * and refused messages dead-lettered, and only then (in KafkaClient.consume) its offsets committed. Memory is bounded by INGEST_MAX_BYTES_PER_PARTITION, whatever the lag.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: KafkaConsumer | undefined;
  private producer: KafkaProducer | undefined;
  private readonly metrics;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly ingestor: EventIngestor,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly logger: AppLogger,
    metrics: MetricsService,
  ) {
    this.logger.setContext(EventsConsumer.name);
    this.metrics = {
      received: metrics.counter('modelgate_ingest_events_received_total', 'Messages consumed.', ['topic']),
      written: metrics.counter('modelgate_ingest_events_written_total', 'Events newly written.', ['kind']),
      duplicates: metrics.counter('modelgate_ingest_duplicates_total', 'Events dropped as already seen.'),
      deadLetters: metrics.counter('modelgate_ingest_dead_letters_total', 'Messages dead-lettered.', ['reason']),
      joins: metrics.counter('modelgate_ingest_joins_total', 'Prediction-outcome pairs completed.'),
      isolated: metrics.counter('modelgate_ingest_events_isolated_total', 'Events PostgreSQL refused, isolated by splitting their batch and dead-lettered.'),
      splits: metrics.counter('modelgate_ingest_batch_splits_total', 'Failing batches (or parts) split in two to isolate refused events.'),
      retries: metrics.counter('modelgate_ingest_transient_retries_total', 'Batch transactions retried after a transient database failure.'),
      outcomeWaits: metrics.counter('modelgate_ingest_outcome_waits_total', 'Batches of outcomes paused to wait for the predictions timestamped before them.'),
      lag: metrics.gauge('modelgate_ingest_consumer_lag', 'Messages behind the end of the partition after a batch.', ['topic', 'partition']),
      batchSeconds: metrics.histogram('modelgate_ingest_batch_seconds', 'Time to process a batch.', [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.producer = await this.kafka.producer();
    const predictionsTopic = this.config.get('INGEST_PREDICTIONS_TOPIC', { infer: true });
    const outcomesMaxWaitMs = this.config.get('INGEST_OUTCOMES_MAX_WAIT_MS', { infer: true });
    this.consumer = await this.kafka.consume(
      {
        groupId: this.config.get('INGEST_GROUP_ID', { infer: true }),
        topics: [predictionsTopic, this.config.get('INGEST_OUTCOMES_TOPIC', { infer: true })],
        fromBeginning: true,
        maxBytesPerPartition: this.config.get('INGEST_MAX_BYTES_PER_PARTITION', { infer: true }),
        sessionTimeoutMs: this.config.get('INGEST_SESSION_TIMEOUT_MS', { infer: true }),
        partitionsConsumedConcurrently: this.config.get('INGEST_CONCURRENT_PARTITIONS', { infer: true }),
        // A new outcome whose prediction is not stored yet is looked up in every older day: read predictions first.
        align:
          outcomesMaxWaitMs > 0
            ? { leadingTopic: predictionsTopic, maxWaitMs: outcomesMaxWaitMs, onWait: () => this.metrics.outcomeWaits.inc() }
            : undefined,
      },
      (batch, control) => this.handle(batch, control.heartbeat),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.close();
    await this.producer?.close();
  }

  private async handle(batch: IncomingBatch, heartbeat: () => Promise<void>): Promise<void> {
    const stopTimer = this.metrics.batchSeconds.startTimer();
    const result = await this.ingestor.ingest(batch.messages.map((message) => ({ source: message, parsed: decodeEvent(message.value) })));
    if (result.deadLetters.length > 0) {
      await this.producer!.send(
        this.config.get('INGEST_DEAD_LETTERS_TOPIC', { infer: true }),
        result.deadLetters.map((deadLetter) => deadLetterMessage(deadLetter, batch)),
      );
      for (const { reason } of result.deadLetters) this.metrics.deadLetters.inc({ reason });
      this.logger.warn({ topic: batch.topic, partition: batch.partition, deadLetters: result.deadLetters.length, isolated: result.isolated }, 'dead-lettered malformed events');
    }
    this.metrics.isolated.inc(result.isolated);
    this.metrics.splits.inc(result.splits);
    this.metrics.retries.inc(result.retries);
    this.metrics.received.inc({ topic: batch.topic }, result.received);
    this.metrics.written.inc({ kind: 'prediction' }, result.predictionsWritten);
    this.metrics.written.inc({ kind: 'outcome' }, result.outcomesWritten);
    this.metrics.duplicates.inc(result.duplicates);
    this.metrics.joins.inc(result.joins);
    const last = batch.messages[batch.messages.length - 1]!;
    this.metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n));
    stopTimer();
    await heartbeat();
  }
}
