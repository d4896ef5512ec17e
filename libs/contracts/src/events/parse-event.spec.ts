import { describe, expect, it } from 'vitest';
import { outcomeExample, predictionExample } from './event-examples';
import { decodeEvent, parseEvent } from './parse-event';

describe('parseEvent', () => {
  it('accepts the koala prediction and defaults shadow to false', () => {
    const { shadow: _shadow, ...withoutShadow } = predictionExample();
    const parsed = parseEvent(withoutShadow);
    expect(parsed).toMatchObject({ ok: true, kind: 'prediction', event: { model: 'animal-classifier', shadow: false } });
  });

  it('accepts a failed call with an error and no prediction', () => {
    const parsed = parseEvent(predictionExample({ prediction: undefined, error: { code: 'timeout' } }));
    expect(parsed.ok).toBe(true);
  });

  it('lower-cases ids, so that one event sent in two spellings is one event', () => {
    const parsed = parseEvent(outcomeExample({ eventId: '0D9E8F7A-6B5C-4D3E-8F1A-2B3C4D5E6F70' }));
    expect(parsed).toMatchObject({ ok: true, event: { eventId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70' } });
  });

  it('accepts an outcome with a purchase value and no label', () => {
    const parsed = parseEvent(outcomeExample({ label: undefined, value: 12.5 }));
    expect(parsed).toMatchObject({ ok: true, kind: 'outcome', event: { value: 12.5 } });
  });

  // Each case names the field that must be reported; the full list is returned, never thrown.
  const badPredictions: Array<[string, Record<string, unknown>, string]> = [
    ['a non-uuid event id', { eventId: 'cat-1' }, 'eventId'],
    ['no prediction and no error', { prediction: undefined }, 'prediction'],
    ['a NaN feature', { features: { ear_length_cm: Number.NaN } }, 'features.ear_length_cm'],
    ['a score above 1', { prediction: { label: 'dog', scores: { dog: 1.5 } } }, 'prediction.scores.dog'],
    ['a negative latency', { latencyMs: -1 }, 'latencyMs'],
    ['a timestamp without offset', { timestamp: '2026-11-25T09:30:00' }, 'timestamp'],
    ['an unknown field', { breed: 'siamese' }, ''],
    ['a NUL in a category (PostgreSQL cannot store it)', { features: { fur: 'grey\u0000' } }, 'features.fur'],
    ['a NUL in the unit id', { unitId: 'user\u000042' }, 'unitId'],
    // Issue 9: a lone surrogate passed the contract, then PostgreSQL refused the batch forever.
    ['a lone high surrogate in a category', { features: { fur: '\ud800' } }, 'features.fur'],
    ['a lone low surrogate in the request id', { requestId: 'req-\udc00-1' }, 'requestId'],
    ['a lone surrogate in a feature name', { features: { ['ear\ud83d']: 1 } }, 'features.ear\ud83d'],
    ['a lone surrogate in a score label', { prediction: { label: 'koala', scores: { ['\udc28']: 0.5 } } }, 'prediction.scores.\udc28'],
  ];
  it.each(badPredictions)('refuses a prediction with %s, naming the field', (_name, overrides, path) => {
    const parsed = parseEvent({ ...predictionExample(), ...overrides });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toBe('invalid-event');
    expect(parsed.errors.map((error) => error.path)).toContain(path);
  });

  it('accepts well-formed text of every plane: 🐨, combining marks, right-to-left, escapes', () => {
    const fur = 'koala 🐨 e\u0301 \u05e2\u05d1\u05e8\u05d9\u05ea tab\tnl\ncr\r back\\slash \\N \\. "quoted"';
    expect(parseEvent(predictionExample({ features: { fur } }))).toMatchObject({ ok: true, event: { features: { fur } } });
  });

  it('names the rule a lone surrogate breaks', () => {
    const parsed = parseEvent(outcomeExample({ label: 'koala\ud800' }));
    expect(parsed).toMatchObject({ ok: false, errors: [{ path: 'label', message: 'must be well-formed Unicode (no lone UTF-16 surrogates)' }] });
  });

  it('lists every bad field of an outcome at once', () => {
    const parsed = parseEvent({ ...outcomeExample(), eventId: 'x', unitId: '', label: undefined });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((error) => error.path).sort()).toEqual(['eventId', 'label', 'unitId']);
  });

  it.each([[{ ...predictionExample(), schema: 'modelgate.prediction/v2' }], [{ label: 'dog' }], [null], [42], ['cat']])(
    'refuses %j as an unknown schema',
    (input) => {
      expect(parseEvent(input)).toMatchObject({ ok: false, reason: 'unknown-schema', errors: [{ path: 'schema' }] });
    },
  );
});

describe('decodeEvent', () => {
  it('decodes UTF-8 JSON bytes', () => {
    const bytes = Buffer.from(JSON.stringify(outcomeExample({ label: 'dog' })));
    expect(decodeEvent(bytes)).toMatchObject({ ok: true, kind: 'outcome', event: { label: 'dog' } });
  });

  it.each([
    ['truncated JSON', Buffer.from('{"schema":"modelgate.outcome/v1",')],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['a tombstone', null],
  ])('refuses %s as bad JSON', (_name, bytes) => {
    expect(decodeEvent(bytes)).toMatchObject({ ok: false, reason: 'bad-json' });
  });
});
