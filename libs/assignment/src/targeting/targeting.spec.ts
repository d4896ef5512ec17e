import type { Targeting } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { isEligible } from './targeting';

const pacific: Targeting = { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] };

describe('isEligible', () => {
  it.each([
    // [targeting, attributes, expected]
    [null, {}, true],
    [pacific, { region: 'AU' }, true],
    [pacific, { region: 'Pacific' }, true],
    [pacific, { region: 'DE' }, false],
    [pacific, {}, false],
    [{ match: 'all', conditions: [{ attribute: 'tier', op: 'equals', value: 'gold' }] }, { tier: 'gold' }, true],
    [{ match: 'all', conditions: [{ attribute: 'tier', op: 'equals', value: 'gold' }] }, { tier: 'silver' }, false],
    [{ match: 'all', conditions: [{ attribute: 'beta', op: 'equals', value: true }] }, { beta: 'true' }, false],
    [{ match: 'all', conditions: [{ attribute: 'region', op: 'not_in', values: ['US'] }] }, { region: 'AU' }, true],
    [{ match: 'all', conditions: [{ attribute: 'region', op: 'not_in', values: ['US'] }] }, { region: 'US' }, false],
    [{ match: 'all', conditions: [{ attribute: 'region', op: 'not_in', values: ['US'] }] }, {}, false],
    [{ match: 'all', conditions: [{ attribute: 'age', op: 'range', min: 18, max: 65 }] }, { age: 18 }, true],
    [{ match: 'all', conditions: [{ attribute: 'age', op: 'range', min: 18, max: 65 }] }, { age: 65 }, false],
    [{ match: 'all', conditions: [{ attribute: 'age', op: 'range', min: 18 }] }, { age: 99 }, true],
    [{ match: 'all', conditions: [{ attribute: 'age', op: 'range', max: 18 }] }, { age: '10' }, false],
  ] as [Targeting | null, Record<string, string | number | boolean>, boolean][])('%j on %j is %s', (targeting, attributes, expected) => {
    expect(isEligible(targeting, attributes)).toBe(expected);
  });

  const both: Targeting = {
    match: 'all',
    conditions: [
      { attribute: 'region', op: 'in', values: ['AU', 'NZ'] },
      { attribute: 'age', op: 'range', min: 18 },
    ],
  };
  it('all needs every condition, any needs one', () => {
    expect(isEligible(both, { region: 'AU', age: 30 })).toBe(true);
    expect(isEligible(both, { region: 'AU', age: 10 })).toBe(false);
    expect(isEligible({ ...both, match: 'any' }, { region: 'AU', age: 10 })).toBe(true);
    expect(isEligible({ ...both, match: 'any' }, { region: 'DE', age: 10 })).toBe(false);
  });
});
