/**
 * Writes the event contracts' JSON Schema files for producers from the zod source of truth:
 * `npm run contracts:schemas` (or `node dist/scripts/generate-event-schemas.js [outDir]` after a build), from the repo root.
 * A spec fails when the committed files differ from what this writes, so rerun it after a schema change.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventJsonSchemaFiles } from '@modelgate/contracts';

const outDir = process.argv[2] ?? join('libs', 'contracts', 'schemas');
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(renderEventJsonSchemaFiles())) {
  writeFileSync(join(outDir, file), text);
  console.log(`wrote ${join(outDir, file)}`);
}
