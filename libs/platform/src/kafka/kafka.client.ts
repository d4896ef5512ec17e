import { type Admin, type Batch, type Consumer, Kafka, type LogEntry, logLevel, Partitioners, type Producer } from 'kafkajs';
import { TopicAlignment } from './topic-alignment';

/**
 * ModelGate's only door to Kafka. Everything else talks to these types, so a faster client
 * (e.g. a librdkafka binding) replaces kafkajs here and nowhere else.
 */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Receives kafkajs's own log lines; defaults to silence (the apps route them to pino). */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers: Record<string, string>;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  highWatermark: string;
}

export interface BatchControl {
  /** Keeps the group membership alive during a long batch. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch became stale after a rebalance. */
  isActive(): boolean;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Upper bound of bytes fetched per partition per request: bounds memory whatever the lag. */
  maxBytesPerPartition?: number;
  maxBytes?: number;
  sessionTimeoutMs?: number;
  /** Batches of different partitions handled at once (one at a time per partition, so order holds). */
  partitionsConsumedConcurrently?: number;
  /**
   * Event-time alignment (see TopicAlignment): a batch of another topic waits, at most `maxWaitMs`,
   * while a partition of `leadingTopic` that this member owns holds messages timestamped before it.
   */
  align?: { leadingTopic: string; maxWaitMs: number; onWait?: (topic: string, partition: number) => void };
}

export type BatchHandler = (batch: IncomingBatch, control: BatchControl) => Promise<void>;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export class KafkaClient {
  private readonly kafka: Kafka;
  private readonly log: KafkaSettings['log'];

  constructor(settings: KafkaSettings) {
    const sink = settings.log;
    this.log = sink;
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 5, initialRetryTime: 200 },
      logLevel: sink ? logLevel.WARN : logLevel.NOTHING,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...extra } = entry.log;
        sink?.(LEVELS[entry.level] ?? 'info', message, { namespace: entry.namespace, ...extra });
      },
    });
  }

  admin(): KafkaAdmin {
    return new KafkaAdmin(this.kafka.admin());
  }

  async producer(): Promise<KafkaProducer> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new KafkaProducer(producer);
  }

  /**
   * A consumer-group member that hands whole batches to `handler` and commits a partition's
   * offset only after the handler resolved: a crash replays the batch, it never skips it.
   *
   * Pipelined: kafkajs fetches a partition's next batch only after every batch of the last fetch was
   * handed back, so each batch is handed back as soon as its handler has started, and the handler of
   * the next batch of that partition waits for this one to finish (one batch in flight per partition,
   * handled and committed in order). A handler that fails rewinds its partition to that batch, which
   * is fetched and handled again; the batch fetched meanwhile is dropped unhandled.
   */
  async consume(options: ConsumeOptions, handler: BatchHandler): Promise<KafkaConsumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxBytes: options.maxBytes ?? 8_388_608,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
      // A partition resumed after waiting is fetched with the next request, which may be a long poll
      // sent while it was paused (kafkajs's default waits 5 s for data): keep that poll short.
      ...(options.align ? { maxWaitTimeInMs: 100 } : {}),
    });
    const aligned = options.align && this.aligned(consumer, options.groupId, options.align);
    const alignment = aligned?.alignment;
    const inFlight = new Map<string, Promise<void>>();
    const state = { closing: false };
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, pause }) => {
        if (batch.messages.length === 0) return;
        const { topic, partition } = batch;
        const key = `${topic}\u0000${partition}`;
        await inFlight.get(key);
        // Stale: the previous batch failed and rewound the partition; this one comes again after it.
        if (state.closing || isStale()) return;
        const leading = topic === options.align?.leadingTopic;
        if (alignment && !leading && alignment.mustWait(key, Number(batch.messages[0]!.timestamp))) {
          // Unresolved, so fetched again from its first message once resumed.
          alignment.waitWith(key, pause());
          options.align?.onWait?.(topic, partition);
          return;
        }
        const first = batch.messages[0]!.offset;
        const lastMessage = batch.messages[batch.messages.length - 1]!;
        const last = lastMessage.offset;
        const commit = () => consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
        if (leading) alignment?.leadingStarted(partition);
        const work = handler(incomingBatch(batch), { heartbeat, isActive: () => isRunning() && !isStale() }).then(
          () => {
            if (leading) alignment?.leadingHandled(partition, Number(lastMessage.timestamp), BigInt(last) + 1n >= BigInt(batch.highWatermark));
            return commit().catch((error: unknown) => {
              // Written but not committed (e.g. a rebalance): the next commit, or the next owner's replay, covers it.
              this.log?.('warn', 'offset commit failed after the batch was handled: it may be handled again (harmless: writes are idempotent)', {
                topic, partition, offset: last, error: messageOf(error),
              });
            });
          },
          (error: unknown) => {
            this.log?.('error', 'batch handler failed: its partition is rewound to the batch, which is handled again', {
              topic, partition, offset: first, error: messageOf(error),
            });
            if (isRunning()) consumer.seek({ topic, partition, offset: first });
          },
        );
        inFlight.set(key, work);
        resolveOffset(last); // the next fetch starts after this batch, while it is being handled
      },
    });
    return new KafkaConsumer(consumer, async () => {
      state.closing = true;
      await Promise.all(inFlight.values());
      await aligned?.admin.close();
    });
  }

  /**
   * Follows the group's assignments: the leading partitions assigned are behind until a batch of
   * theirs is handled, or the group's committed offsets show them at their end (no batch ever comes
   * of a partition with nothing to read, so only the offsets can tell).
   */
  private aligned(consumer: Consumer, groupId: string, { leadingTopic, maxWaitMs }: NonNullable<ConsumeOptions['align']>) {
    const alignment = new TopicAlignment(maxWaitMs);
    const admin = new KafkaAdmin(this.kafka.admin());
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[leadingTopic] ?? [];
      alignment.assigned(partitions);
      if (partitions.length === 0) return;
      admin.groupLag(groupId, [leadingTopic]).then(
        (lags) => {
          for (const { partition, lag } of lags) if (lag === 0 && partitions.includes(partition)) alignment.leadingAtEnd(partition);
        },
        (error: unknown) => {
          this.log?.('warn', `could not read the offsets of ${leadingTopic}: the other topics' batches wait for its batches, at most ${maxWaitMs} ms each`, {
            groupId, error: messageOf(error),
          });
        },
      );
    });
    return { alignment, admin };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Shared by every message without headers (most of them): nothing allocated for those. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function headersOf(headers: Batch['messages'][number]['headers']): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const key in headers) {
    const value = headers[key];
    (out ??= {})[key] = Array.isArray(value) ? String(value[0]) : String(value ?? '');
  }
  return out ?? NO_HEADERS;
}

function incomingBatch(batch: Batch): IncomingBatch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    messages: batch.messages.map((m) => ({
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      timestamp: m.timestamp,
      headers: headersOf(m.headers),
    })),
  };
}

export class KafkaProducer {
  constructor(private readonly producer: Producer) {}

  /** Sends and waits for every in-sync replica (acks = all). */
  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic, acks: -1, messages });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

export class KafkaConsumer {
  constructor(
    private readonly consumer: Consumer,
    private readonly drain: () => Promise<void>,
  ) {}

  /** Leaves the group after the batches in flight are handled (and committed); batches fetched meanwhile are left to the group. */
  async close(): Promise<void> {
    await this.drain();
    await this.consumer.disconnect();
  }
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export class KafkaAdmin {
  private connected = false;

  constructor(private readonly admin: Admin) {}

  private async connection(): Promise<Admin> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    return this.admin;
  }

  /** One round trip to the cluster: the readiness and health probe. */
  async describeCluster(): Promise<{ brokers: number; controller: number | null }> {
    const admin = await this.connection();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }

  /** Creates the topics that do not exist yet and waits for their leaders. Idempotent. */
  async ensureTopics(topics: TopicSpec[]): Promise<string[]> {
    const admin = await this.connection();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })),
      });
    }
    return missing.map((t) => t.topic);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const admin = await this.connection();
    await admin.deleteTopics({ topics });
  }

  /** Messages of `topics` the group has not committed yet, per partition. */
  async groupLag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const admin = await this.connection();
    const committed = await admin.fetchOffsets({ groupId, topics });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const done = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const start = done === '-1' ? BigInt(end.low) : BigInt(done);
        lags.push({ topic, partition: end.partition, lag: Number(BigInt(end.high) - start) });
      }
    }
    return lags;
  }

  /** Rewinds a (stopped) group to the start of its topics: the replay used by tests and operators. */
  async resetGroupToEarliest(groupId: string, topics: string[]): Promise<void> {
    const admin = await this.connection();
    for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: true });
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
    this.connected = false;
  }
}
