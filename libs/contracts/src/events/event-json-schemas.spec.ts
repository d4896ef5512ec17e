import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEventJsonSchemaFiles } from './event-json-schemas';

const committedDir = join(__dirname, '..', '..', 'schemas');

describe('committed JSON Schema files', () => {
  it('equal what scripts/generate-event-schemas.ts writes now (rerun it after changing a schema)', () => {
    const committed = Object.fromEntries(
      readdirSync(committedDir)
        .filter((file) => file.endsWith('.schema.json'))
        .map((file) => [file, readFileSync(join(committedDir, file), 'utf8')]),
    );
    expect(committed).toEqual(renderEventJsonSchemaFiles());
  });

  it('require the version field and one of prediction or error', () => {
    const prediction = JSON.parse(renderEventJsonSchemaFiles()['prediction-v1.schema.json'] ?? '{}');
    expect(prediction.required).toContain('schema');
    expect(prediction.properties.schema.const).toBe('modelgate.prediction/v1');
    expect(prediction.anyOf).toEqual([{ required: ['prediction'] }, { required: ['error'] }]);
  });
});
