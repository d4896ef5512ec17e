import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTable } from './config-table';

describe('README configuration table', () => {
  it('lists exactly what the schema accepts (regenerate with node dist/scripts/config-table.js)', () => {
    const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(configTable());
  });
});
