import { describe, expect, it } from 'vitest';
import { decisionSchema } from './decision.schema';
import { decisionIdOf } from './decision-id';

describe('decisionIdOf', () => {
  it('is a version-5 UUID, stable for the same key and different for another', () => {
    const id = decisionIdOf('deployment:a:analysis:1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decisionIdOf('deployment:a:analysis:1')).toBe(id);
    expect(decisionIdOf('deployment:a:analysis:2')).not.toBe(id);
  });

  it('is accepted as the id of a decision record', () => {
    const parsed = decisionSchema.shape.id.safeParse(decisionIdOf('monitor:m:episode:1'));
    expect(parsed.success).toBe(true);
  });
});
