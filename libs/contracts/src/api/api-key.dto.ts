import { z } from 'zod';

/** Who may call what. */
export const apiKeyRoles = [
  /** Keys, and everything else. */
  'admin',
  /** Deployments and their control. */
  'operator',
  /** Assignment and events: the model gateway and model services. */
  'service',
  /** Reports, read-only. */
  'analyst',
  /** The gates deploy systems (Flagger, Argo Rollouts) poll. */
  'gate',
] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

export const createApiKeySchema = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(apiKeyRoles),
    /** May force a version with `x-modelgate-version` (QA); admin keys always may. */
    canOverride: z.boolean().default(false),
  })
  .meta({ example: { name: 'animal-gateway-prod', role: 'service', canOverride: false } });
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(apiKeyRoles),
  canOverride: z.boolean(),
  /** The first characters of the key, to recognise it; the key itself is stored only hashed. */
  keyPrefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to a key's creation: the only time the key itself is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
