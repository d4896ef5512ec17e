import { describe, expect, it } from 'vitest';
import { EDGE_JSON_TEXTS, EDGE_NUMBERS, EDGE_STRINGS } from '../../../../test/support/fuzz-values';
import { fastCheckedEvent } from './event-fast-check';
import { outcomeExample, predictionExample } from './event-examples';
import { parseEvent } from './parse-event';

const PREDICTION_TEXT_FIELDS = ['eventId', 'model', 'version', 'unitId', 'requestId', 'timestamp', 'deploymentId'];
const OUTCOME_TEXT_FIELDS = ['eventId', 'requestId', 'unitId', 'timestamp', 'label'];

/** Every example with every edge value in every field it has, plus shapes that only zod may refuse or rewrite. */
function variants(): unknown[] {
  const prediction = predictionExample() as Record<string, unknown>;
  const outcome = outcomeExample() as Record<string, unknown>;
  // 150 koalas: 150 code points (the length ajv and zod count, within the 200 limit) in 300 UTF-16 code units.
  const values: unknown[] = [...EDGE_STRINGS, '🐨'.repeat(150), ...EDGE_NUMBERS, null, true, [], {}, { a: 1 }];
  const out: unknown[] = [prediction, outcome, { ...prediction, shadow: undefined }, { ...prediction, shadow: true }];
  for (const value of values) {
    for (const field of [...PREDICTION_TEXT_FIELDS, 'latencyMs', 'shadow', 'schema', 'features', 'prediction', 'error']) out.push({ ...prediction, [field]: value });
    for (const field of [...OUTCOME_TEXT_FIELDS, 'value', 'schema']) out.push({ ...outcome, [field]: value });
    out.push({ ...prediction, features: { fur: value } }, { ...prediction, features: { ear: 1, [String(value)]: 2 } });
    out.push({ ...prediction, prediction: { label: value } }, { ...prediction, prediction: { label: 'koala', scores: { [String(value)]: 0.5, dog: value } } });
    out.push({ ...prediction, prediction: undefined, error: { code: value } }, { ...prediction, error: { code: 'timeout', message: value } });
    out.push({ ...outcome, label: undefined, value }, { ...prediction, [String(value)]: 1 });
  }
  const upper = '6F1C2A4E-8B1D-4C3A-9E2F-0A1B2C3D4E5F';
  out.push({ ...prediction, eventId: upper }, { ...prediction, deploymentId: upper }, { ...prediction, deploymentId: upper.toLowerCase() }, { ...outcome, eventId: upper });
  out.push({ ...prediction, prediction: undefined }, { ...outcome, label: undefined }, { ...prediction, prediction: undefined, error: { code: 'timeout' } });
  const features = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
  out.push({ ...prediction, features: features(200) }, { ...prediction, features: features(201) }, { ...prediction, features: {} });
  out.push({ ...prediction, timestamp: '2026-11-25T09:30:00+01:00' }, { ...prediction, timestamp: '2026-02-29T09:30:00Z' }, { ...prediction, timestamp: '2026-11-25 09:30:00Z' });
  return out;
}

function texts(): string[] {
  const prediction = JSON.stringify(predictionExample());
  return [
    ...variants().map((value) => JSON.stringify(value)),
    ...EDGE_JSON_TEXTS,
    prediction.replace('"user-42"', '"user-\\u0000"'),
    prediction.replace('"user-42"', '"user-\\ud83d\\udc28"'),
    prediction.replace('"grey"', '"\\udc28"'),
    prediction.replace('"latencyMs":23.4', '"latencyMs":1e999'),
    prediction.replace('"fur"', '"__proto__"'),
    prediction.replace('"fur"', '"\\u005f_proto__"'),
    prediction.replace('"cat"', '"__proto__"'),
    prediction.replace('{"schema"', '{"__proto__":{"x":1},"schema"'),
  ];
}

describe('fastCheckedEvent', () => {
  it('vouches only for what zod accepts, and returns exactly what zod returns', () => {
    let vouched = 0;
    for (const text of texts()) {
      const zod = parseEvent(JSON.parse(text));
      const fast = fastCheckedEvent(text, JSON.parse(text));
      if (fast === undefined) continue;
      vouched += 1;
      expect({ text, parsed: fast }).toStrictEqual({ text, parsed: zod });
    }
    // The examples and most of their valid variants take the fast path (else it would be no path).
    expect(vouched).toBeGreaterThan(100);
  });

  it('vouches for the examples, a failed call, a watched-version outcome value and an absent shadow', () => {
    const { shadow: _shadow, ...noShadow } = predictionExample();
    for (const value of [predictionExample(), outcomeExample(), noShadow, predictionExample({ prediction: undefined, error: { code: 'timeout', message: 'slow' } }), outcomeExample({ label: undefined, value: 3 })]) {
      const text = JSON.stringify(value);
      expect(fastCheckedEvent(text, JSON.parse(text))).toStrictEqual(parseEvent(JSON.parse(text)));
    }
  });

  it('leaves to zod what JSON Schema cannot say: lone surrogates, upper-case ids, more than 200 features, a __proto__ key', () => {
    const cases = [
      JSON.stringify(predictionExample({ unitId: 'user-\ud800' })),
      JSON.stringify(predictionExample()).replace('"user-42"', '"user-\\ud800"'),
      JSON.stringify(predictionExample({ eventId: '6F1C2A4E-8B1D-4C3A-9E2F-0A1B2C3D4E5F' })),
      JSON.stringify(predictionExample({ features: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i])) })),
      JSON.stringify(predictionExample()).replace('"fur"', '"__proto__"'),
    ];
    for (const text of cases) expect(fastCheckedEvent(text, JSON.parse(text))).toBeUndefined();
  });
});
