import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, createDeployment, createKey, startApi } from './assignment-api.helpers';
import { seededUniform } from '../libs/stats/src/testing/seeded-random';
import type { RunningApp } from './support/apps';

interface Operation {
  method: string;
  path: string;
  example: unknown;
}

const requests = 10_000;
const concurrency = 16;

/** Replaces, deletes or adds fields of a valid example, recursively, with random JSON. */
function mutate(value: unknown, random: () => number, junk: () => unknown): unknown {
  if (Array.isArray(value)) return random() < 0.3 ? junk() : value.map((v) => mutate(v, random, junk));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = random();
      if (r < 0.15) continue;
      out[k] = r < 0.35 ? junk() : mutate(v, random, junk);
    }
    if (random() < 0.2) out[`extra${Math.floor(random() * 10)}`] = junk();
    return out;
  }
  return random() < 0.5 ? junk() : value;
}

const malformed = ['{', '{"unitId":', '[1,2', 'null', '""', '{"a":1}}', '\u0000\u0001', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'NaN', '1e999999'];

describe('fuzzing every documented endpoint', () => {
  let api: RunningApp;
  let operations: Operation[];
  let keys: string[];
  let ids: string[];

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'warn' });
    const d = await createDeployment(api, {});
    ids = [d.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%00', 'x'.repeat(300), "1' OR '1'='1"];
    keys = [adminKey, await createKey(api, 'service'), await createKey(api, 'operator'), 'mg_wrong', ''];
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { example?: unknown } } } } }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        example: op.requestBody?.content['application/json']?.schema.example ?? { model: d.model, unitId: 'user-1' },
      })),
    );
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  it(`answers ${requests} random and malformed bodies with 2xx or 4xx only, and stays up`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261125);
    const random = seededUniform(seed); // replayable from its seed
    const jsonValues = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 2_000, seed });
    const junk = () => jsonValues[Math.floor(random() * jsonValues.length)];
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const statuses = new Map<number, number>();
    const failures: string[] = [];

    const one = async () => {
      const op = pick(operations);
      const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pick(ids)));
      const kind = random();
      const body =
        kind < 0.5 ? JSON.stringify(mutate(op.example, random, junk)) : kind < 0.8 ? JSON.stringify(junk()) : kind < 0.95 ? pick(malformed) : 'x'.repeat(Math.floor(random() * 2_000_000));
      const headers: Record<string, string> = { 'content-type': random() < 0.9 ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) };
      const key = pick(keys);
      if (key) headers['x-api-key'] = key;
      if (random() < 0.05) headers['x-modelgate-version'] = pick(['v2', '', 'v'.repeat(500)]);
      const withBody = op.method !== 'GET' && op.method !== 'HEAD';
      const response = await fetch(`${api.url}${path}${withBody ? '' : `?limit=${encodeURIComponent(String(junk()))}`}`, {
        method: op.method,
        headers,
        body: withBody ? body : undefined,
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500 || response.status < 200) failures.push(`${op.method} ${path} -> ${response.status}: ${body.slice(0, 200)}`);
    };

    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < requests) {
          sent++;
          await one();
        }
      }),
    );
    console.log(`fuzz seed ${seed}: statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(api.process.exitCode).toBeNull();
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});
