/**
 * The README's configuration table, made from the schema itself so the documentation cannot
 * drift from what the apps accept. `node dist/scripts/config-table.js --write` rewrites it in
 * README.md; without `--write` it prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema } from '@modelgate/platform';

const HEADER = '| variable | default | meaning |';

export function configTable(): string {
  const rows = Object.entries(configSchema.shape).map(([name, schema]) => {
    const parsed = schema.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? `\`${[parsed.data].flat().join(',')}\`` : '(none)';
    return `| \`${name}\` | ${fallback} | ${schema.description ?? ''} |`;
  });
  return [HEADER, '|---|---|---|', ...rows].join('\n');
}

/** README.md with its configuration table (the lines from the header to the first non-table line) replaced. */
export function withConfigTable(readme: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`README.md has no line '${HEADER}': put one where the table belongs`);
  let end = start;
  while (lines[end]?.startsWith('|')) end++;
  return [...lines.slice(0, start), configTable(), ...lines.slice(end)].join('\n');
}

if (require.main === module) {
  if (process.argv.includes('--write')) {
    const path = resolve(__dirname, '../../README.md');
    writeFileSync(path, withConfigTable(readFileSync(path, 'utf8')));
  } else {
    console.log(configTable());
  }
}
