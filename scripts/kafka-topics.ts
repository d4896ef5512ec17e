/**
 * Creates ModelGate's topics (idempotent) once Kafka's admin API answers; used by
 * `scripts/stack.sh up` as the broker's readiness check.
 */
import { KafkaClient, TOPICS } from '@modelgate/platform';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 3);
const deadline = Date.now() + Number(process.env.KAFKA_READY_TIMEOUT_MS ?? 60_000);

async function main(): Promise<void> {
  const admin = new KafkaClient({ brokers, clientId: 'modelgate-stack' }).admin();
  for (;;) {
    try {
      const cluster = await admin.describeCluster();
      const created = await admin.ensureTopics(Object.values(TOPICS).map((topic) => ({ topic, partitions })));
      console.error(
        `[stack] kafka: ${cluster.brokers} broker(s); topics ${created.length ? `created: ${created.join(', ')}` : 'already there'}`,
      );
      await admin.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

main().catch((error: unknown) => {
  console.error(`[stack] kafka admin call failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
