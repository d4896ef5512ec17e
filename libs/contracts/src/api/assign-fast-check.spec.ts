import { describe, expect, it } from 'vitest';
import { EDGE_NUMBERS, EDGE_STRINGS } from '../../../../test/support/fuzz-values';
import { assignBatchRequestFastCheck, assignRequestFastCheck } from './assign-fast-check';
import { assignBatchRequestSchema, assignRequestSchema, maxAssignBatch } from './assignment.dto';

const example = { model: 'animal-classifier', unitId: 'user-4217', attributes: { region: 'AU', tenure: 3, beta: true }, requestId: 'req-1' };
const byId = { deploymentId: '6d1f8f5e-8a56-4a43-9d2b-2f8f4f7c2a10', unitId: 'user-88' };

/** The examples with every edge value in every field, in attribute names and values, and shapes only zod may refuse. */
function variants(): Record<string, unknown>[] {
  // 200 koalas: 200 code points (the limit of `model`) in 400 UTF-16 code units; 201 is over.
  const values: unknown[] = [...EDGE_STRINGS, '🐨'.repeat(200), '🐨'.repeat(201), 'x'.repeat(256), 'x'.repeat(257), ...EDGE_NUMBERS, Infinity, NaN, null, true, [], {}, { a: 1 }];
  const out: Record<string, unknown>[] = [example, byId, { ...example, extra: 1 }, { unitId: 'u' }, { ...byId, deploymentId: byId.deploymentId.toUpperCase() }];
  for (const value of values) {
    for (const field of ['deploymentId', 'model', 'unitId', 'attributes', 'requestId']) out.push({ ...example, [field]: value }, { ...byId, [field]: value });
    out.push({ ...example, attributes: { region: value } }, { ...example, attributes: { [String(value)]: 'AU' } });
  }
  return out;
}

/** zod's answer and the check's, each on its own copy (the check removes unknown keys in place). */
function both(check: (value: unknown) => boolean, schema: typeof assignRequestSchema | typeof assignBatchRequestSchema, value: unknown) {
  const checked = structuredClone(value);
  return { zod: schema.safeParse(structuredClone(value)), fast: check(checked), checked };
}

describe('assign request fast checks', () => {
  it('vouch only for bodies zod accepts, and leave them exactly as zod returns them', () => {
    let vouched = 0;
    for (const value of variants()) {
      const { zod, fast, checked } = both(assignRequestFastCheck, assignRequestSchema, value);
      if (!fast) continue;
      vouched += 1;
      expect({ value, success: zod.success }).toEqual({ value, success: true });
      expect(checked).toStrictEqual(zod.data);
    }
    // The examples and most of their valid variants take the fast path (else it would be no path).
    expect(vouched).toBeGreaterThan(150);
  });

  it('vouch for the examples, and drop unknown keys as zod does', () => {
    for (const value of [example, byId]) expect(assignRequestFastCheck(structuredClone(value))).toBe(true);
    const extra = { ...example, extra: 1 };
    expect(assignRequestFastCheck(extra)).toBe(true);
    expect(extra).toStrictEqual(example);
  });

  it('refuse a request without a deployment id or a model (zod refinement, added by hand)', () => {
    expect(assignRequestFastCheck({ unitId: 'u' })).toBe(false);
    expect(assignRequestSchema.safeParse({ unitId: 'u' }).success).toBe(false);
    expect(assignBatchRequestFastCheck({ units: [example, { unitId: 'u' }] })).toBe(false);
  });

  it('vouch for batches zod accepts, up to the batch limit', () => {
    const units = (n: number) => Array.from({ length: n }, (_, i) => ({ ...example, unitId: `user-${i}` }));
    for (const value of [{ units: units(1) }, { units: units(maxAssignBatch) }, { units: [example, byId, { ...example, extra: true }] }]) {
      const { zod, fast, checked } = both(assignBatchRequestFastCheck, assignBatchRequestSchema, value);
      expect(fast).toBe(true);
      expect(checked).toStrictEqual(zod.data);
    }
    for (const value of [{ units: [] }, { units: units(maxAssignBatch + 1) }, { units: [{ ...example, unitId: '' }] }, {}, { units: example }]) {
      const { zod, fast } = both(assignBatchRequestFastCheck, assignBatchRequestSchema, value);
      expect({ value, fast, zod: zod.success }).toEqual({ value, fast: false, zod: false });
    }
    // zod drops a unit's `__proto__` attribute (the value changes): left to zod.
    expect(assignBatchRequestFastCheck({ units: [example, { ...example, attributes: JSON.parse('{"__proto__":"AU"}') }] })).toBe(false);
  });
});
