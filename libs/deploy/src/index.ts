// Public API of @modelgate/deploy: the deploy systems decisions are delivered to.
export type { DeliveryResult, DeployAdapter } from './adapter';
export { backoffDelay, type BackoffSettings, retryAfterMs } from './backoff';
export { decisionKey, KafkaDecisionsAdapter } from './kafka/kafka-decisions.adapter';
export { signWebhook, type SignedHeaders } from './webhook/sign';
export { classify, StandardWebhookAdapter, type WebhookAdapterOptions, type WebhookTarget } from './webhook/standard-webhook.adapter';
export { argoDecision, flaggerAnswer, type GateAnswer } from './gates/gate-answers';
