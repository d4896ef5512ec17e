import type { Decision } from '@modelgate/contracts';
import { type KafkaProducer, TOPICS } from '@modelgate/platform';
import type { DeliveryResult, DeployAdapter } from '../adapter';

/**
 * Publishes a decision to `modelgate.decisions`, keyed by its deployment (or its monitor), so that
 * one deployment's decisions stay in one partition, in order. The value is the decision record.
 */
export class KafkaDecisionsAdapter implements DeployAdapter {
  constructor(private readonly producer: () => Promise<KafkaProducer>) {}

  async deliver(decision: Decision): Promise<DeliveryResult> {
    try {
      const producer = await this.producer();
      await producer.send(TOPICS.decisions, [
        { key: decisionKey(decision), value: JSON.stringify(decision), headers: { 'webhook-id': decision.id, schema: decision.schema } },
      ]);
      return { kind: 'delivered', status: null };
    } catch (error) {
      return { kind: 'failed', status: null, reason: `Kafka refused the decision: ${error instanceof Error ? error.message : String(error)}`, retriable: true };
    }
  }
}

/** The message key: the deployment id, or the monitor id of a retrain outside any deployment. */
export function decisionKey(decision: Pick<Decision, 'deploymentId' | 'monitorId' | 'id'>): string {
  return decision.deploymentId ?? decision.monitorId ?? decision.id;
}
