import type { Decision } from '@modelgate/contracts';
import { type KafkaProducer, TOPICS } from '@modelgate/platform';
import type { DeliveryResult, DeployAdapter } from '../adapter';

/**
 * Publishes decisions to `modelgate.decisions`, keyed by their deployment (or monitor), so that one
 * deployment's decisions stay in one partition, in order. The value is the decision record. Many
 * decisions go in one produce request: the broker acknowledges them together, in their order.
 */
export class KafkaDecisionsAdapter implements DeployAdapter {
  constructor(private readonly producer: () => Promise<KafkaProducer>) {}

  deliver(decision: Decision): Promise<DeliveryResult> {
    return this.deliverAll([decision]);
  }

  async deliverAll(decisions: readonly Decision[]): Promise<DeliveryResult> {
    try {
      const producer = await this.producer();
      await producer.send(TOPICS.decisions, decisions.map(decisionMessage));
      return { kind: 'delivered', status: null };
    } catch (error) {
      return { kind: 'failed', status: null, reason: `Kafka refused the decision: ${error instanceof Error ? error.message : String(error)}`, retriable: true };
    }
  }
}

/** The message of a decision: keyed by deployment, the record as value, its idempotency key as a header. */
function decisionMessage(decision: Decision): { key: string; value: string; headers: Record<string, string> } {
  return { key: decisionKey(decision), value: JSON.stringify(decision), headers: { 'webhook-id': decision.id, schema: decision.schema } };
}

/** The message key: the deployment id, or the monitor id of a retrain outside any deployment. */
export function decisionKey(decision: Pick<Decision, 'deploymentId' | 'monitorId' | 'id'>): string {
  return decision.deploymentId ?? decision.monitorId ?? decision.id;
}
