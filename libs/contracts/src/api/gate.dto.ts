import { z } from 'zod';

/** Flagger's webhook types (flagger:pkg/apis/flagger/v1beta1/canary.go `HookType`). */
export const flaggerHooks = [
  /** Before scaling the canary up: go when ModelGate says advance or promote. */
  'confirm-rollout',
  /** Before traffic reaches the canary: a check, fails only on rollback. */
  'pre-rollout',
  /** At every step's analysis: a check, fails only on rollback. */
  'rollout',
  /** Before each weight increase: go when ModelGate says advance or promote. */
  'confirm-traffic-increase',
  /** Before promotion: go when ModelGate says advance or promote. */
  'confirm-promotion',
  /** After promotion or rollback: recorded. */
  'post-rollout',
  /** Polled during analysis: go means roll back now. */
  'rollback',
  /** Every Flagger event: recorded on the deployment's timeline. */
  'event',
] as const;
export type FlaggerHook = (typeof flaggerHooks)[number];

const kubernetesName = z.string().min(1).max(253);

/** What Flagger POSTs to a webhook (flagger:pkg/apis/flagger/v1beta1 `CanaryWebhookPayload`). */
export const flaggerPayloadSchema = z
  .object({
    name: kubernetesName,
    namespace: kubernetesName,
    phase: z.string().max(100).optional(),
    checksum: z.string().max(200).optional(),
    type: z.string().max(100).optional(),
    metadata: z.record(z.string(), z.string().max(10_000)).optional(),
  })
  .meta({
    example: { name: 'animal-classifier', namespace: 'ml', phase: 'Progressing', checksum: '6d8f7c9b5', metadata: { token: 'mgg_…' } },
  });
export type FlaggerPayload = z.infer<typeof flaggerPayloadSchema>;

export const flaggerAnswerSchema = z.object({
  go: z.boolean(),
  hook: z.enum(flaggerHooks),
  decisionId: z.string().nullable(),
  action: z.string().nullable(),
  reason: z.string(),
});
export type FlaggerAnswer = z.infer<typeof flaggerAnswerSchema>;

/** Links a Flagger canary to a deployment. */
export const linkFlaggerSchema = z
  .strictObject({ name: kubernetesName, namespace: kubernetesName })
  .meta({ example: { name: 'animal-classifier', namespace: 'ml' } });
export type LinkFlagger = z.infer<typeof linkFlaggerSchema>;

export const flaggerLinkSchema = z.object({
  deploymentId: z.uuid(),
  name: z.string(),
  namespace: z.string(),
  /** Put it in the Canary's webhook `metadata.token`; shown only now (stored hashed). */
  token: z.string(),
});
export type FlaggerLink = z.infer<typeof flaggerLinkSchema>;

/** The Argo Rollouts web metric: 200 with this body whenever ModelGate has an answer. */
export const argoAnswerSchema = z.object({
  decision: z.enum(['promote', 'rollback', 'hold']),
  reason: z.string(),
  /** The decision record's evidence; null when no decision was made yet. */
  evidence: z.unknown(),
  decisionId: z.string().nullable(),
  action: z.string().nullable(),
  madeAt: z.string().nullable(),
});
export type ArgoAnswer = z.infer<typeof argoAnswerSchema>;
