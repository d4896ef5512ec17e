import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, createDeployment, createKey, startApi } from './assignment-api.helpers';
import { seededUniform } from '../libs/stats/src/testing/seeded-random';
import type { RunningApp } from './support/apps';
import { EDGE_JSON_TEXTS, EDGE_NUMBERS, EDGE_STRINGS, encodeAny, INVALID_UTF8_BODIES, nested } from './support/fuzz-values';

interface Operation {
  method: string;
  path: string;
  example: unknown;
}

/** Per endpoint, so that an endpoint added tomorrow gets as many requests as every other. */
const perEndpoint = Number(process.env.FUZZ_REQUESTS_PER_ENDPOINT ?? 500);
const concurrency = 16;
/** Served outside the OpenAPI document, fuzzed all the same. */
const UNDOCUMENTED = ['GET /health', 'GET /metrics', 'GET /docs-json'];

/** Replaces, deletes or adds fields of a valid example, recursively, with random JSON or edge values. */
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

const malformed = ['{', '{"unitId":', '[1,2', 'null', '""', '{"a":1}}', '\u0000\u0001', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'NaN', '1e999999', ...EDGE_JSON_TEXTS];

describe('fuzzing every endpoint', () => {
  let api: RunningApp;
  let operations: Operation[];
  let keys: string[];
  let ids: string[];

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'warn' });
    const d = await createDeployment(api, {});
    ids = [d.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%00', 'x'.repeat(300), "1' OR '1'='1", '\ud800', '🐨', '\u202e'].map(encodeAny);
    keys = [adminKey, await createKey(api, 'service'), await createKey(api, 'operator'), 'mg_wrong', ''];
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { example?: unknown } } } } }>>;
    };
    const fallback = { model: d.model, unitId: 'user-1' };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, example: op.requestBody?.content['application/json']?.schema.example ?? fallback })),
    );
    for (const entry of UNDOCUMENTED) {
      const [method, path] = entry.split(' ') as [string, string];
      if (!operations.some((op) => op.method === method && op.path === path)) operations.push({ method, path, example: fallback });
    }
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  it(`answers ${perEndpoint} random, malformed and edge-value requests per endpoint with 2xx or 4xx only, and stays up`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261125);
    const random = seededUniform(seed); // replayable from its seed
    const jsonValues = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 2_000, seed });
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const junk = (): unknown => {
      const r = random();
      if (r < 0.55) return pick(jsonValues);
      if (r < 0.8) return pick(EDGE_STRINGS);
      if (r < 0.95) return pick(EDGE_NUMBERS);
      return nested(1 + Math.floor(random() * 1_000), pick(EDGE_STRINGS), random() < 0.5);
    };
    const statuses = new Map<number, number>();
    const sentTo = new Map<string, number>();
    const failures: string[] = [];

    const one = async (op: Operation) => {
      const path = op.path.replace(/\{[^}]+\}/g, () => pick(ids));
      const kind = random();
      const body: string | Buffer =
        kind < 0.45 ? JSON.stringify(mutate(op.example, random, junk))
          : kind < 0.7 ? JSON.stringify(junk())
            : kind < 0.9 ? pick(malformed)
              : kind < 0.96 ? pick(INVALID_UTF8_BODIES)
                : 'x'.repeat(Math.floor(random() * 2_000_000));
      const headers: Record<string, string> = { 'content-type': random() < 0.9 ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) };
      const key = pick(keys);
      if (key) headers['x-api-key'] = key;
      if (random() < 0.05) headers['x-modelgate-version'] = pick(['v2', '', 'v'.repeat(500)]);
      const withBody = op.method !== 'GET' && op.method !== 'HEAD';
      const response = await fetch(`${api.url}${path}${withBody ? '' : `?limit=${encodeAny(String(JSON.stringify(junk())))}`}`, {
        method: op.method,
        headers,
        body: withBody ? body : undefined,
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      sentTo.set(`${op.method} ${op.path}`, (sentTo.get(`${op.method} ${op.path}`) ?? 0) + 1);
      if (response.status >= 500 || response.status < 200) failures.push(`${op.method} ${path} -> ${response.status}: ${String(body).slice(0, 200)}`);
    };

    const queue = operations.flatMap((op) => Array.from({ length: perEndpoint }, () => op));
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < queue.length) await one(queue[next++]!);
    }));
    console.log(`fuzz seed ${seed}: ${operations.length} endpoints × ${perEndpoint} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(new Set(sentTo.values())).toEqual(new Set([perEndpoint]));
    expect(sentTo.size).toBe(operations.length);
    expect(api.process.exitCode).toBeNull();
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});
