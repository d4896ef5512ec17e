import { randomUUID } from 'node:crypto';
import { outcomeExample, predictionExample } from '@modelgate/contracts';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from './support/apps';
import { asMessages, deadLetters, drained, eventCounts, type IngestWorld, ingestWorld, produce, recent, startIngest } from './ingest-harness';

/** Strings that break naive COPY, JSON or UTF-16 handling; each must come back byte for byte. */
const TRICKY: Record<string, string> = {
  tab: 'ear\tlength',
  newline: 'two\nlines',
  carriageReturn: 'dos\r\nline\r',
  backslash: 'C:\\koalas\\',
  copyNull: '\\N',
  copyEndOfData: '\\.',
  quotes: `"double" 'single' \`back\``,
  jsonLike: '{"fur":"a\\"b"}\\u0041',
  koala: 'koala 🐨 in a 🌿 tree',
  combining: 'e\u0301te\u0301 n\u0303 a\u030a\u0323',
  rightToLeft: 'קואלה كوالا \u202eevil\u202c',
  noncharacters: '\ufeff\uffff\u{10ffff}',
  long: '🐨\t\\N\n\r"é'.repeat(22), // 198 UTF-16 units, 176 bytes of escapes for COPY
};
const LONG_MESSAGE = 'x\\N\t🐨'.repeat(333); // 1 998 UTF-16 units: the error message's limit is 2 000

/** The longest prefix of whole code points within `max` UTF-16 units (cutting a 🐨 in half would make a poison event). */
const fit = (value: string, max: number) => {
  let out = '';
  for (const c of value) {
    if (out.length + c.length > max) break;
    out += c;
  }
  return out;
};

const metric = (metrics: string, name: string) =>
  [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);

describe('poison events through Kafka → ingest → PostgreSQL (issue 9)', () => {
  let world: IngestWorld | undefined;
  let ingest: RunningApp | undefined;
  afterEach(async () => {
    await ingest?.stop('SIGKILL');
    await world?.close();
    [ingest, world] = [undefined, undefined];
  });
  afterAll(async () => {
    await ingest?.stop('SIGKILL');
  });

  it('reads back tabs, line breaks, backslashes, \\N, \\., quotes, 🐨, combining marks, RTL and long values byte for byte, and dead-letters lone surrogates, NUL and what PostgreSQL refuses while the events around them are written', async () => {
    const w = (world = await ingestWorld(1));
    const sent = Object.entries(TRICKY).map(([name, value]) => ({
      name,
      value,
      prediction: predictionExample({
        eventId: randomUUID(), model: w.model, version: 'v1', requestId: `${w.id}-rt-${name}`, unitId: value, timestamp: recent(),
        features: { fur: value, [fit(value, 100)]: 1 }, prediction: { label: value }, error: { code: name, message: fit(`${value}${LONG_MESSAGE}`, 2_000) },
      }),
      outcome: outcomeExample({ eventId: randomUUID(), requestId: `${w.id}-rt-${name}`, unitId: value, label: value, timestamp: recent() }),
    }));
    const poison = [
      { fur: '\ud800', reason: 'invalid-event', error: /well-formed Unicode/ },
      { fur: 'koala\udc28', reason: 'invalid-event', error: /well-formed Unicode/ },
      { fur: 'nul\u0000', reason: 'invalid-event', error: /NUL/ },
      { fur: 'far east', timestamp: recent(0, '+16:00'), reason: 'rejected-by-database', error: /time zone displacement out of range/ },
    ].map((p) => ({ ...p, event: predictionExample({ eventId: randomUUID(), model: w.model, version: 'v1', requestId: `${w.id}-poison`, features: { fur: p.fur }, timestamp: p.timestamp ?? recent() }) }));
    // One partition: every poison message sits between valid ones that must still be written.
    const messages = sent.flatMap(({ prediction }, i) => [...asMessages([prediction]), ...(poison[i] ? asMessages([poison[i].event]) : [])]);
    await produce(w, w.topics.predictions, messages);
    await produce(w, w.topics.outcomes, asMessages(sent.map((s) => s.outcome)));
    ingest = await startIngest(w);
    await drained(w);

    const { rows } = await w.db.query(
      `SELECT p.request_id, p.unit_id, p.label, p.error, p.features, o.unit_id AS outcome_unit_id, o.label AS outcome_label
       FROM prediction_events p JOIN outcome_events o USING (request_id) WHERE p.model = $1`,
      [w.model],
    );
    // Compared as UTF-8 bytes (hex), so that a U+FFFD or a normalisation anywhere on the way is a failure.
    const bytes = (values: unknown[]) => values.map((v) => Buffer.from(String(v), 'utf8').toString('hex'));
    const got = Object.fromEntries(
      rows.map((r) => [r.request_id, bytes([r.unit_id, r.label, r.error, r.features.fur, ...Object.keys(r.features).sort(), r.outcome_unit_id, r.outcome_label])]),
    );
    const expected = Object.fromEntries(
      sent.map(({ name, value, prediction }) => [
        `${w.id}-rt-${name}`,
        bytes([value, value, `${name}: ${prediction.error!.message}`, value, ...['fur', fit(value, 100)].sort(), value, value]),
      ]),
    );
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) expect(got[key], key).toEqual(expected[key]);

    const letters = await deadLetters(w, poison.length);
    expect(letters).toHaveLength(poison.length);
    for (const p of poison) {
      const letter = letters.find((l) => l.value === Buffer.from(JSON.stringify(p.event)).toString('latin1'));
      expect(letter, `the dead letter of ${JSON.stringify(p.fur)}`).toMatchObject({ reason: p.reason, topic: w.topics.predictions });
      expect(letter!.errors).toMatch(p.error);
    }
    expect(await eventCounts(w)).toEqual({ predictions: sent.length, outcomes: sent.length });
  });

  it('writes all 10 000 valid events around one poison event on one partition, dead-letters it, and brings the lag back to 0', async () => {
    const w = (world = await ingestWorld(1));
    const valid = Array.from({ length: 10_000 }, (_, i) =>
      predictionExample({ eventId: randomUUID(), model: w.model, version: i % 2 ? 'v1' : 'v2', requestId: `${w.id}-${i}`, unitId: `user-${i % 97}`, timestamp: recent(i * 50) }),
    );
    // Valid for the contract, refused by PostgreSQL: only the writer's isolation can let the partition move on.
    const poison = predictionExample({ eventId: randomUUID(), model: w.model, version: 'v1', requestId: `${w.id}-poison`, timestamp: recent(30 * 60_000, '+16:00') });
    await produce(w, w.topics.predictions, asMessages([...valid.slice(0, 5_000), poison, ...valid.slice(5_000)]));
    ingest = await startIngest(w);
    await drained(w);

    const written = (await eventCounts(w)).predictions;
    const letters = await deadLetters(w, 1);
    const admin = w.kafka.admin();
    const lag = (await admin.groupLag(w.groupId, [w.topics.predictions])).reduce((sum, p) => sum + p.lag, 0);
    await admin.close();
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    console.log(
      `poison in 10 000 (issue 9): ${written} rows written, ${letters.length} dead letter (${letters[0]?.reason}), partition lag after ${lag}; ` +
        `isolated ${metric(metrics, 'modelgate_ingest_events_isolated_total')}, batch splits ${metric(metrics, 'modelgate_ingest_batch_splits_total')}`,
    );
    expect({ written, deadLetters: letters.length, lag }).toEqual({ written: 10_000, deadLetters: 1, lag: 0 });
    expect(letters[0]).toMatchObject({ reason: 'rejected-by-database', value: JSON.stringify(poison) });
    expect(metric(metrics, 'modelgate_ingest_events_isolated_total')).toBe(1);
    expect(metric(metrics, 'modelgate_ingest_batch_splits_total')).toBeGreaterThanOrEqual(1);
  });
});
