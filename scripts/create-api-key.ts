/**
 * Creates an API key and prints it once (only its hash is stored):
 *   npm run api-key:create -- --name animal-gateway --role service [--can-override]
 * Uses DATABASE_URL like the apps. Running apps pick the key up within a second (LISTEN/NOTIFY).
 */
import { parseArgs } from 'node:util';
import { apiKeyRoles, createApiKeySchema } from '@modelgate/contracts';
import { parseConfig } from '@modelgate/platform';
import { Client } from 'pg';
import { generateApiKey, hashApiKey, keyPrefixOf } from '../apps/api/src/auth/api-key.codec';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, role: { type: 'string' }, 'can-override': { type: 'boolean', default: false } },
  });
  const request = createApiKeySchema.safeParse({ name: values.name, role: values.role, canOverride: values['can-override'] });
  if (!request.success) {
    throw new Error(
      `usage: create-api-key --name <name> --role <${apiKeyRoles.join('|')}> [--can-override]\n` +
        request.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  }
  const client = new Client({ connectionString: parseConfig(process.env).DATABASE_URL, application_name: 'modelgate-create-api-key' });
  await client.connect();
  try {
    const key = generateApiKey();
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO api_keys (name, role, can_override, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [request.data.name, request.data.role, request.data.canOverride, hashApiKey(key), keyPrefixOf(key)],
    );
    process.stdout.write(`${JSON.stringify({ id: rows[0]!.id, name: request.data.name, role: request.data.role, key })}\n`);
    process.stderr.write('store this key now: it is not shown again\n');
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
