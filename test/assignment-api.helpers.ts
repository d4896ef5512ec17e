import type { ApiKeyRole, Assignment, CreatedApiKey, Deployment } from '@modelgate/contracts';
import { Client } from 'pg';
import { type RunningApp, startApp } from './support/apps';
import { TEST_DATABASE_URL } from './support/test-env';

/** The bootstrap admin key every api the e2e tests start is given. */
export const adminKey = 'e2e-admin-key-0123456789abcdef';

/** Starts apps/api with the bootstrap admin key (and any other environment). */
export function startApi(env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp('api', { MODELGATE_ADMIN_KEY: adminKey, ...env });
}

/** A JSON call with a key; resolves with the status and parsed body. */
export async function call<T = unknown>(
  app: RunningApp,
  method: string,
  path: string,
  { key, body, headers = {} }: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the failure message
  }
  return { status: response.status, body: parsed as T };
}

export async function createKey(app: RunningApp, role: ApiKeyRole, canOverride = false): Promise<string> {
  const created = await call<CreatedApiKey>(app, 'POST', '/v1/api-keys', { key: adminKey, body: { name: `e2e-${role}`, role, canOverride } });
  if (created.status !== 201) throw new Error(`creating a ${role} key: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.key;
}

/** A unique model name per test, so tests never see each other's deployments. */
export const uniqueModel = (label: string): string => `animal-classifier-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** Creates a deployment of the animal classifier (v1 → v2), started at once, with overrides. */
export async function createDeployment(app: RunningApp, overrides: Record<string, unknown>): Promise<Deployment> {
  const created = await call<Deployment>(app, 'POST', '/v1/deployments', {
    key: adminKey,
    body: {
      model: uniqueModel('e2e'),
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'canary',
      steps: [5, 10, 25, 50],
      primaryMetric: { name: 'accuracy', direction: 'higher' },
      start: true,
      ...overrides,
    },
  });
  if (created.status !== 201) throw new Error(`creating a deployment: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

export async function assignOne(app: RunningApp, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call<Assignment>(app, 'POST', '/v1/assign', { key, body, headers });
}

/** Runs SQL against the e2e database, as the worker or an operator would. */
export async function sql(text: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}
