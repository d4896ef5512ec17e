import { randomUUID } from 'node:crypto';
import { KafkaClient, type KafkaConsumer, TOPICS } from '@modelgate/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { stack, startApp } from './support/apps';
import { TEST_KAFKA_BROKERS } from './support/test-env';
import { waitFor } from './support/wait';

const kafka = new KafkaClient({ brokers: TEST_KAFKA_BROKERS.split(','), clientId: 'modelgate-e2e' });

describe('Kafka 4.x through our kafkajs module', () => {
  const consumers: KafkaConsumer[] = [];
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.close()));
  });

  it('consumes back, in a group, a message produced to modelgate.predictions', async () => {
    const marker = randomUUID();
    const received: { partition: number; value: string }[] = [];
    const groupId = `e2e-roundtrip-${marker}`;
    consumers.push(
      await kafka.consume({ groupId, topics: [TOPICS.predictions], fromBeginning: false }, async (batch) => {
        for (const message of batch.messages) received.push({ partition: batch.partition, value: message.value?.toString() ?? '' });
      }),
    );
    const producer = await kafka.producer();
    // The group joins asynchronously: keep producing (one key, so one partition) until it answers.
    const partition = await waitFor('the message to come back', async () => {
      await producer.send(TOPICS.predictions, [{ key: marker, value: JSON.stringify({ marker }) }]);
      return received.find((message) => message.value.includes(marker))?.partition;
    }, { intervalMs: 500 });
    await producer.close();
    const admin = kafka.admin();
    await waitFor('the offset commit', async () => {
      const lags = await admin.groupLag(groupId, [TOPICS.predictions]);
      return lags.find((l) => l.partition === partition)?.lag === 0 ? true : undefined;
    });
    await admin.close();
  });

  it('hands a batch whose handler failed again before any later batch of its partition, and commits every offset', async () => {
    const topic = `e2e-rewind-${randomUUID()}`;
    const groupId = `e2e-rewind-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.ensureTopics([{ topic, partitions: 1 }]);
    const producer = await kafka.producer();
    // Four sends of ten ~1 KiB messages: four record batches, fetched one at a time (16 KiB per partition),
    // so the second one is fetched while the first is being handled.
    for (let send = 0; send < 4; send += 1) {
      await producer.send(topic, Array.from({ length: 10 }, (_, j) => ({ key: 'one-partition', value: JSON.stringify({ i: send * 10 + j, pad: 'x'.repeat(1_000) }) })));
    }
    await producer.close();
    const handed: number[][] = [];
    consumers.push(
      await kafka.consume({ groupId, topics: [topic], fromBeginning: true, maxBytesPerPartition: 16_384 }, async (batch) => {
        handed.push(batch.messages.map((message) => (JSON.parse(message.value!.toString()) as { i: number }).i));
        if (handed.length === 1) {
          await new Promise((resolve) => setTimeout(resolve, 1_000)); // the next fetch happens meanwhile
          throw new Error('the first batch fails once');
        }
      }),
    );
    await waitFor('every offset to be committed', async () => {
      const lags = await admin.groupLag(groupId, [topic]);
      return lags.length === 1 && lags[0]!.lag === 0 ? true : undefined;
    }, { timeoutMs: 60_000 });
    await admin.deleteTopics([topic]);
    await admin.close();
    expect(handed[0]![0]).toBe(0);
    // After the failure: the failed batch first, then every later message exactly once, in order.
    expect(handed.slice(1).flat()).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  describe('aligned on a leading topic', () => {
    /** A leading topic of four record batches (fetched one at a time), then one batch of a following topic. */
    async function alignedTopics(): Promise<{ leading: string; following: string; groupId: string }> {
      const id = randomUUID();
      const [leading, following] = [`e2e-align-leading-${id}`, `e2e-align-following-${id}`];
      const admin = kafka.admin();
      await admin.ensureTopics([{ topic: leading, partitions: 1 }, { topic: following, partitions: 1 }]);
      await admin.close();
      const producer = await kafka.producer();
      for (let send = 0; send < 4; send += 1) {
        await producer.send(leading, Array.from({ length: 10 }, (_, j) => ({ key: 'one', value: JSON.stringify({ i: send * 10 + j, pad: 'x'.repeat(1_000) }) })));
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // every following message timestamped after every leading one
      await producer.send(following, Array.from({ length: 5 }, (_, j) => ({ key: 'one', value: JSON.stringify({ i: j }) })));
      await producer.close();
      return { leading, following, groupId: `e2e-align-${id}` };
    }

    async function committedAll(groupId: string, topics: string[]): Promise<void> {
      const admin = kafka.admin();
      await waitFor('every offset to be committed', async () => {
        const lags = await admin.groupLag(groupId, topics);
        return lags.length > 0 && lags.every((l) => l.lag === 0) ? true : undefined;
      }, { timeoutMs: 60_000 });
      await admin.deleteTopics(topics);
      await admin.close();
    }

    /** Consumes both topics aligned on the leading one (each batch's handler taking the given time): what was handled, in order, and how many times a batch waited. */
    async function handledInOrder(
      { leading, following, groupId }: { leading: string; following: string; groupId: string },
      maxWaitMs: number,
      handlerMs: { leading: number; following: number },
    ): Promise<{ handled: string[]; waits: number }> {
      const handled: string[] = [];
      const waits = { count: 0 };
      consumers.push(
        await kafka.consume({ groupId, topics: [leading, following], maxBytesPerPartition: 16_384, align: { leadingTopic: leading, maxWaitMs, onWait: () => (waits.count += 1) } }, async (batch) => {
          const side = batch.topic === leading ? 'leading' : 'following';
          await new Promise((resolve) => setTimeout(resolve, handlerMs[side]));
          handled.push(...batch.messages.map((message) => `${side} ${(JSON.parse(message.value!.toString()) as { i: number }).i}`));
        }),
      );
      await committedAll(groupId, [leading, following]);
      return { handled, waits: waits.count };
    }

    it('hands a batch of the following topic only after the leading messages timestamped before it, each message once', async () => {
      // 200 ms per batch: later fetches happen while one is handled.
      const { handled, waits } = await handledInOrder(await alignedTopics(), 30_000, { leading: 200, following: 200 });
      expect(waits).toBeGreaterThan(0);
      expect(handled).toEqual([...Array.from({ length: 40 }, (_, i) => `leading ${i}`), ...Array.from({ length: 5 }, (_, i) => `following ${i}`)]);
    });

    it('hands a following batch at once when the leading topic has nothing unread, though no batch of it ever comes', async () => {
      const id = randomUUID();
      const [leading, following, groupId] = [`e2e-align-leading-${id}`, `e2e-align-following-${id}`, `e2e-align-${id}`];
      const admin = kafka.admin();
      await admin.ensureTopics([{ topic: leading, partitions: 2 }, { topic: following, partitions: 1 }]);
      await admin.close();
      const producer = await kafka.producer();
      await producer.send(following, [{ key: 'one', value: 'x' }]);
      await producer.close();
      consumers.push(
        await kafka.consume({ groupId, topics: [leading, following], align: { leadingTopic: leading, maxWaitMs: 120_000 } }, async () => undefined),
      );
      // committedAll gives up after 60 s, half the bound: only the group's offsets, showing both
      // leading partitions at their end, let the batch go in time.
      await committedAll(groupId, [leading, following]);
    });

    it('hands the following batch after maxWaitMs when the leading topic is slower than that', async () => {
      // Each leading batch takes 1 s, so the leading topic takes 4 s: far past the bound.
      const { handled } = await handledInOrder(await alignedTopics(), 500, { leading: 1_000, following: 0 });
      expect(handled.filter((h) => h.startsWith('following'))).toEqual(Array.from({ length: 5 }, (_, i) => `following ${i}`));
      expect(handled.filter((h) => h.startsWith('leading'))).toEqual(Array.from({ length: 40 }, (_, i) => `leading ${i}`));
      expect(handled.indexOf('following 0')).toBeLessThan(handled.indexOf('leading 39'));
    });
  });

  it('administers topics: creates, lists as existing, deletes', async () => {
    const admin = kafka.admin();
    const topic = `e2e-admin-${randomUUID()}`;
    expect(await admin.ensureTopics([{ topic, partitions: 2 }])).toEqual([topic]);
    expect(await admin.ensureTopics([{ topic, partitions: 2 }])).toEqual([]);
    await admin.deleteTopics([topic]);
    await admin.close();
  });
});

describe('when Kafka stops', () => {
  it('/health reports it down (503) and recovers once it is back', async () => {
    const api = await startApp('api');
    try {
      await stack('down', 'kafka');
      const down = await fetch(`${api.url}/health`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as { details: Record<string, { status: string }> };
      expect(body.details.kafka?.status).toBe('down');
      expect(body.details.postgres?.status).toBe('up');
      await stack('up', 'kafka');
      await waitFor('/health to recover', async () => ((await fetch(`${api.url}/health`)).ok ? true : undefined));
    } finally {
      await stack('up', 'kafka');
      await api.stop('SIGKILL');
    }
  });
});
