import { outcomeExample, parseEvent, predictionExample } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { classifyEvents, type DeploymentResolver } from './classify-events';

const DEPLOYMENT = '11111111-2222-4333-8444-555555555555';
/** Only animal-classifier v1 (baseline) and v2 (candidate) are deployed. */
const resolve: DeploymentResolver = (event) =>
  event.model === 'animal-classifier' && (event.version === 'v1' || event.version === 'v2')
    ? { ok: true, deploymentId: DEPLOYMENT, variant: event.version === 'v1' ? 'baseline' : 'candidate', strategy: 'canary' }
    : { ok: false, message: `no deployment of ${event.model} ${event.version}` };

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('classifyEvents', () => {
  it('keeps valid events, drops in-batch duplicates and dead-letters the rest with a reason', () => {
    const inputs: unknown[] = [
      predictionExample({ eventId: id(1), version: 'v1', prediction: { label: 'cat' } }),
      predictionExample({ eventId: id(2) }),
      predictionExample({ eventId: id(1), version: 'v1', prediction: { label: 'cat' } }), // duplicate
      outcomeExample({ eventId: id(1), label: 'cat' }), // same id, other kind: not a duplicate
      outcomeExample({ eventId: id(1), label: 'cat' }), // duplicate
      predictionExample({ eventId: id(3), model: 'bird-classifier' }), // unknown model
      { ...predictionExample({ eventId: id(4) }), latencyMs: 'fast' }, // invalid
      { schema: 'modelgate.prediction/v9' }, // unknown schema
    ];
    const sut = classifyEvents(
      inputs.map((input, index) => ({ source: index, parsed: parseEvent(input) })),
      resolve,
    );
    expect(sut.predictions.map((p) => [p.event.eventId, p.variant])).toEqual([
      [id(1), 'baseline'],
      [id(2), 'candidate'],
    ]);
    expect(sut.outcomes.map((o) => o.eventId)).toEqual([id(1)]);
    expect(sut.duplicates).toBe(2);
    expect(sut.deadLetters.map((d) => [d.source, d.reason, d.errors[0]?.path])).toEqual([
      [5, 'unknown-model', 'model'],
      [6, 'invalid-event', 'latencyMs'],
      [7, 'unknown-schema', 'schema'],
    ]);
  });

  it('names deploymentId when an explicit deployment id is unknown', () => {
    const parsed = parseEvent(predictionExample({ deploymentId: id(9), version: 'v7' }));
    const sut = classifyEvents([{ source: 'only', parsed }], resolve);
    expect(sut.deadLetters).toEqual([{ source: 'only', reason: 'unknown-model', errors: [{ path: 'deploymentId', message: 'no deployment of animal-classifier v7' }] }]);
  });

  it('dead-letters events outside the window (older than the retention, too far ahead) and names the days to write', () => {
    const window = { from: Date.parse('2026-11-16T12:00:00Z'), to: Date.parse('2026-12-01T12:00:00Z'), retentionDays: 14 };
    const at = (timestamp: string, n: number) => predictionExample({ eventId: id(n), version: 'v1', timestamp });
    const inputs = [
      at('2026-11-16T11:59:59.999Z', 1), // just expired
      at('2026-11-16T12:00:00Z', 2), // the oldest kept
      outcomeExample({ eventId: id(3), timestamp: '2026-11-30T23:59:59+01:00' }), // 22:59 UTC: day of the 30th
      at('2026-12-01T12:00:00Z', 4), // just too far ahead
      at('2026-12-01T11:59:59Z', 5),
    ];
    const sut = classifyEvents(inputs.map((input, index) => ({ source: index, parsed: parseEvent(input) })), resolve, window);
    expect(sut.predictions.map((p) => p.event.eventId)).toEqual([id(2), id(5)]);
    expect(sut.outcomes.map((o) => o.eventId)).toEqual([id(3)]);
    expect(sut.deadLetters.map((d) => [d.source, d.reason, d.errors[0]?.path])).toEqual([
      [0, 'expired', 'timestamp'],
      [3, 'in-the-future', 'timestamp'],
    ]);
    expect(sut.deadLetters[0]?.errors[0]?.message).toMatch(/^older than the event retention \(EVENT_RETENTION_DAYS=14: events from 2026-11-16T12:00:00.000Z on\)/);
    expect(sut.deadLetters[1]?.errors[0]?.message).toMatch(/^later than 2026-12-01T12:00:00.000Z/);
    const day = (iso: string) => Date.parse(iso) / 86_400_000;
    expect([...sut.days].sort((a, b) => a - b)).toEqual([day('2026-11-16'), day('2026-11-30'), day('2026-12-01')]);
  });
});
