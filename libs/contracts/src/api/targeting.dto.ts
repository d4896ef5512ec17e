import { z } from 'zod';

/** A value an attribute may be compared with. */
const attributeValue = z.union([z.string().max(256), z.number().finite(), z.boolean()]);

/**
 * One eligibility condition over a unit's attributes. A unit that lacks the attribute fails every
 * condition (including `not_in`), so an unknown unit stays on the baseline.
 */
export const targetingConditionSchema = z.discriminatedUnion('op', [
  /** The attribute equals `value` exactly. */
  z.object({ attribute: z.string().min(1).max(128), op: z.literal('equals'), value: attributeValue }),
  /** The attribute is one of `values`. */
  z.object({ attribute: z.string().min(1).max(128), op: z.literal('in'), values: z.array(attributeValue).min(1).max(1000) }),
  /** The attribute is none of `values`. */
  z.object({ attribute: z.string().min(1).max(128), op: z.literal('not_in'), values: z.array(attributeValue).min(1).max(1000) }),
  /** The attribute is a number in `[min, max)`; either bound may be left out. */
  z
    .object({
      attribute: z.string().min(1).max(128),
      op: z.literal('range'),
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
    })
    .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'give min, max or both', path: ['min'] })
    .refine((c) => c.min === undefined || c.max === undefined || c.min < c.max, { message: 'min must be below max', path: ['max'] }),
]);
export type TargetingCondition = z.infer<typeof targetingConditionSchema>;

/** Conditions combined with `all` (every one holds) or `any` (at least one holds). */
export const targetingSchema = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(targetingConditionSchema).min(1).max(50),
});
export type Targeting = z.infer<typeof targetingSchema>;

/** The attributes a caller sends with a unit (e.g. `{ region: 'AU', age: 31 }`). */
export const unitAttributesSchema = z.record(z.string().max(128), attributeValue);
export type UnitAttributes = z.infer<typeof unitAttributesSchema>;
