import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTable } from './config-table';

describe('README configuration table', () => {
  it('lists exactly what the schema accepts (rewrite it with: npm run build && node dist/scripts/config-table.js --write)', () => {
    const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(configTable());
  });
});
