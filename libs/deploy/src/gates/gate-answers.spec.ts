import { describe, expect, it } from 'vitest';
import { argoDecision, flaggerAnswer } from './gate-answers';

describe('flaggerAnswer (the issue\'s mapping)', () => {
  // hook → go for [advance, promote, hold, rollback, retrain, no decision]
  const table = {
    'confirm-rollout': [true, true, false, false, false, false],
    'confirm-traffic-increase': [true, true, false, false, false, false],
    'confirm-promotion': [true, true, false, false, false, false],
    rollback: [false, false, false, true, false, false],
    'pre-rollout': [true, true, true, false, true, true],
    rollout: [true, true, true, false, true, true],
    'post-rollout': [true, true, true, true, true, true],
    event: [true, true, true, true, true, true],
  } as const;
  const latest = ['advance', 'promote', 'hold', 'rollback', 'retrain', null] as const;
  for (const [hook, expected] of Object.entries(table)) {
    it(`${hook}: ${expected.join(' ')}`, () => {
      expect(latest.map((l) => flaggerAnswer(hook as keyof typeof table, l).go)).toEqual(expected);
    });
  }
});

describe('argoDecision', () => {
  it.each([
    ['advance', 'promote'],
    ['promote', 'promote'],
    ['rollback', 'rollback'],
    ['hold', 'hold'],
    ['retrain', 'hold'],
    [null, 'hold'],
  ] as const)('%s → %s', (action, expected) => {
    expect(argoDecision(action)).toBe(expected);
  });
});
