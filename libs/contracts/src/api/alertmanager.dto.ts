import { z } from 'zod';

/** One alert of an Alertmanager webhook (payload version 4). */
export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/**
 * Alertmanager's webhook body (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * A firing alert names a deployment by the labels `modelgate_deployment` (its id) or `model` + `version`
 * (its candidate).
 */
export const alertmanagerPayloadSchema = z
  .object({
    version: z.literal('4'),
    groupKey: z.string(),
    truncatedAlerts: z.int().min(0).default(0),
    status: z.enum(['firing', 'resolved']),
    receiver: z.string(),
    groupLabels: z.record(z.string(), z.string()).default({}),
    commonLabels: z.record(z.string(), z.string()).default({}),
    commonAnnotations: z.record(z.string(), z.string()).default({}),
    externalURL: z.string().default(''),
    alerts: z.array(alertmanagerAlertSchema).max(1000),
  })
  .meta({
    example: {
      version: '4',
      groupKey: '{}:{alertname="ModelErrorRate"}',
      status: 'firing',
      receiver: 'modelgate',
      groupLabels: { alertname: 'ModelErrorRate' },
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'ModelErrorRate', model: 'animal-classifier', version: 'v2', severity: 'page' },
          annotations: { summary: 'v2 error rate above 5 % for 5 minutes' },
          startsAt: '2026-11-25T09:00:00Z',
        },
      ],
    },
  });
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

/** What the endpoint did with each alert. */
export const alertmanagerResultSchema = z.object({
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      deploymentId: z.uuid().nullable(),
      /** `rolled_back`, `recorded` (resolved), `not_live` (nothing to roll back), `unmatched` (no deployment named). */
      outcome: z.enum(['rolled_back', 'recorded', 'not_live', 'unmatched']),
      detail: z.string(),
    }),
  ),
});
export type AlertmanagerResult = z.infer<typeof alertmanagerResultSchema>;
