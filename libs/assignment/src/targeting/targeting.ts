import type { Targeting, TargetingCondition, UnitAttributes } from '@modelgate/contracts';

/**
 * Whether one condition holds for a unit's attributes. A missing attribute fails every
 * operator, `not_in` included: a unit we know nothing about stays on the baseline.
 */
export function conditionHolds(condition: TargetingCondition, attributes: UnitAttributes): boolean {
  const value = attributes[condition.attribute];
  if (value === undefined) return false;
  switch (condition.op) {
    case 'equals':
      return value === condition.value;
    case 'in':
      return condition.values.includes(value);
    case 'not_in':
      return !condition.values.includes(value);
    case 'range':
      return (
        typeof value === 'number' &&
        (condition.min === undefined || value >= condition.min) &&
        (condition.max === undefined || value < condition.max)
      );
  }
}

/**
 * Whether a unit is eligible under a deployment's targeting: `all` needs every condition,
 * `any` at least one; no targeting means everyone is eligible.
 * @example isEligible({ match: 'any', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ'] }] }, { region: 'NZ' }) // true
 */
export function isEligible(targeting: Targeting | null, attributes: UnitAttributes): boolean {
  if (targeting === null) return true;
  return targeting.match === 'all'
    ? targeting.conditions.every((c) => conditionHolds(c, attributes))
    : targeting.conditions.some((c) => conditionHolds(c, attributes));
}
