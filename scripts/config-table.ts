/**
 * Prints the README's configuration table from the schema itself (`node dist/scripts/config-table.js`),
 * so the documentation cannot drift from what the apps accept.
 */
import { configSchema } from '@modelgate/platform';

export function configTable(): string {
  const rows = Object.entries(configSchema.shape).map(([name, schema]) => {
    const parsed = schema.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? `\`${[parsed.data].flat().join(',')}\`` : '(none)';
    return `| \`${name}\` | ${fallback} | ${schema.description ?? ''} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(configTable());
