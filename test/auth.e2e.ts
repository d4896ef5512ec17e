import type { ApiKeyRole, CreatedApiKey } from '@modelgate/contracts';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, call, createDeployment, createKey, startApi } from './assignment-api.helpers';
import { type RunningApp, repoRoot } from './support/apps';
import { TEST_DATABASE_URL } from './support/test-env';
import { PROPAGATION_TIMEOUT_MS, waitFor } from './support/wait';

const roles: ApiKeyRole[] = ['admin', 'operator', 'service', 'analyst', 'gate'];
const unknownId = '00000000-0000-4000-8000-000000000000';

interface Endpoint {
  method: string;
  path: (ids: { deploymentId: string; model: string }) => string;
  body?: (ids: { deploymentId: string; model: string }) => unknown;
  /** The roles that pass, as issue 6 states them (admin: everything). */
  allowed: ApiKeyRole[];
}

// Every endpoint of apps/api and who may call it.
const endpoints: Endpoint[] = [
  { method: 'POST', path: () => '/v1/api-keys', body: () => ({ name: 'table', role: 'analyst' }), allowed: ['admin'] },
  { method: 'GET', path: () => '/v1/api-keys', allowed: ['admin'] },
  { method: 'DELETE', path: () => `/v1/api-keys/${unknownId}`, allowed: ['admin'] },
  {
    method: 'POST',
    path: () => '/v1/deployments',
    body: ({ model }) => ({ model, baselineVersion: 'v1', candidateVersion: 'v2', strategy: 'shadow', primaryMetric: { name: 'accuracy', direction: 'higher' } }),
    allowed: ['admin', 'operator'],
  },
  { method: 'GET', path: () => '/v1/deployments', allowed: ['admin', 'operator', 'analyst', 'gate'] },
  { method: 'GET', path: ({ deploymentId }) => `/v1/deployments/${deploymentId}`, allowed: ['admin', 'operator', 'analyst', 'gate'] },
  { method: 'GET', path: ({ deploymentId }) => `/v1/deployments/${deploymentId}/phase`, allowed: ['admin', 'operator', 'analyst', 'gate'] },
  { method: 'GET', path: ({ deploymentId }) => `/v1/deployments/${deploymentId}/analyses`, allowed: ['admin', 'operator', 'analyst', 'gate'] },
  { method: 'GET', path: ({ deploymentId }) => `/v1/deployments/${deploymentId}/decisions`, allowed: ['admin', 'operator', 'analyst', 'gate'] },
  { method: 'GET', path: ({ deploymentId }) => `/v1/deployments/${deploymentId}/timeline`, allowed: ['admin', 'operator', 'analyst', 'gate'] },
  {
    method: 'POST',
    path: () => '/v1/alerts/alertmanager',
    body: ({ model }) => ({ version: '4', groupKey: 'g', status: 'resolved', receiver: 'modelgate', alerts: [{ status: 'resolved', labels: { model, version: 'v9' } }] }),
    allowed: ['admin', 'operator', 'gate'],
  },
  { method: 'POST', path: () => '/v1/assign', body: ({ model }) => ({ model, unitId: 'user-1' }), allowed: ['admin', 'service'] },
  { method: 'POST', path: () => '/v1/assign/batch', body: ({ model }) => ({ units: [{ model, unitId: 'user-1' }] }), allowed: ['admin', 'service'] },
];

describe('API keys and roles', () => {
  let api: RunningApp;
  const keys = {} as Record<ApiKeyRole, string>;
  let ids: { deploymentId: string; model: string };

  beforeAll(async () => {
    api = await startApi();
    for (const role of roles) keys[role] = role === 'admin' ? adminKey : await createKey(api, role);
    const d = await createDeployment(api, {});
    ids = { deploymentId: d.id, model: d.model };
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  const cases = endpoints.flatMap((e) => roles.map((role) => [`${e.method} ${e.path({ deploymentId: ':id', model: 'm' })}`, role, e] as const));
  it.each(cases)('%s with a %s key', async (_name, role, endpoint) => {
    const response = await call(api, endpoint.method, endpoint.path(ids), { key: keys[role], body: endpoint.body?.(ids) });
    if (endpoint.allowed.includes(role)) {
      expect([200, 201, 404]).toContain(response.status);
      if (!endpoint.path(ids).includes(unknownId)) expect(response.status).toBeLessThan(300);
    } else {
      expect(response.status).toBe(403);
    }
  });

  it('refuses a missing or unknown key with 401 on every documented endpoint but /health', async () => {
    const document = (await call<{ paths: Record<string, Record<string, unknown>> }>(api, 'GET', '/docs-json')).body;
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, ids.deploymentId)] as const),
    );
    expect(operations.length).toBeGreaterThanOrEqual(endpoints.length);
    for (const [method, path] of operations) {
      if (path === '/health' || path === '/metrics') continue;
      expect((await call(api, method, path)).status, `${method} ${path} without a key`).toBe(401);
      expect((await call(api, method, path, { key: 'mg_not-a-key' })).status, `${method} ${path} with a wrong key`).toBe(401);
    }
    expect((await call(api, 'GET', '/health')).status).toBe(200);
  });

  it('stores keys only hashed, and a revoked key stops working', async () => {
    const created = await call<CreatedApiKey>(api, 'POST', '/v1/api-keys', { key: adminKey, body: { name: 'to-revoke', role: 'analyst' } });
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<Record<string, unknown>>(`SELECT * FROM api_keys WHERE id = $1`, [created.body.id]);
      expect(JSON.stringify(rows[0])).not.toContain(created.body.key);
      expect(rows[0]!.key_hash).toBe(createHash('sha256').update(created.body.key).digest('hex'));
    } finally {
      await db.end();
    }
    expect((await call(api, 'GET', '/v1/deployments', { key: created.body.key })).status).toBe(200);
    expect((await call(api, 'DELETE', `/v1/api-keys/${created.body.id}`, { key: adminKey })).status).toBe(200);
    expect((await call(api, 'GET', '/v1/deployments', { key: created.body.key })).status).toBe(401);
  });

  it('accepts a key made by the CLI without a restart', async () => {
    const { stdout } = await promisify(execFile)('node', ['dist/scripts/create-api-key.js', '--name', 'cli', '--role', 'analyst'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
    });
    const { key } = JSON.parse(stdout) as { key: string };
    await waitFor('the CLI key to work', async () => ((await call(api, 'GET', '/v1/deployments', { key })).status === 200 ? true : undefined), {
      timeoutMs: PROPAGATION_TIMEOUT_MS,
      intervalMs: 25,
    });
  });
});

describe('rate limit per key', () => {
  let api: RunningApp;
  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  it('answers 429 once a key used its budget, without limiting other keys', async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '5' });
    const [first, second] = [await createKey(api, 'analyst'), await createKey(api, 'analyst')];
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(api, 'GET', '/v1/deployments?limit=1', { key: first })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await call(api, 'GET', '/v1/deployments?limit=1', { key: second })).status).toBe(200);
  });
});
