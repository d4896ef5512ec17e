import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppName, type RunningApp, startApp } from './support/apps';
import { waitFor } from './support/wait';

const names: AppName[] = ['api', 'ingest', 'worker'];

describe.each(names)('apps/%s', (name) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(name);
  });
  afterAll(async () => {
    await app?.stop('SIGKILL');
  });

  it('reports PostgreSQL, Redis and Kafka up on /health', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; details: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.details.postgres?.status).toBe('up');
    expect(body.details.redis?.status).toBe('up');
    expect(body.details.kafka?.status).toBe('up');
  });

  it('exposes Prometheus metrics labelled with the app', async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(new RegExp(`modelgate_process_cpu_user_seconds_total\\{app="modelgate-${name}"\\}`));
  });

  it('logs JSON lines carrying the request id it echoes back', async () => {
    const response = await fetch(`${app.url}/no-such-route`, { headers: { 'x-request-id': `probe-${name}-42` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe(`probe-${name}-42`);
    const line = await waitFor('the request to be logged', () =>
      app
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; req?: { id?: string }; res?: { statusCode?: number } })
        .find((entry) => entry.req?.id === `probe-${name}-42`),
    );
    expect(line.res?.statusCode).toBe(404);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const running = await startApp(name);
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.output()).toMatch(/SIGTERM: shutting down/);
  });
});

describe('configuration', () => {
  const startFailure = (name: AppName, env: Record<string, string>) =>
    startApp(name, env).then(
      () => expect.unreachable(`${name} started on a refused configuration`),
      (error: Error) => error.message,
    );

  it('refuses to start on a bad value, naming the variable and the rule but never a secret (issue 9)', async () => {
    const output = await startFailure('api', { REDIS_URL: 'redis//:hunter2@cache', SHUTDOWN_TIMEOUT_MS: 'soon' });
    expect(output).toMatch(/exited with 78[\s\S]*REDIS_URL \(value hidden, it may hold a secret\): a URL starting with redis:\/\/[\s\S]*SHUTDOWN_TIMEOUT_MS="soon"/);
    expect(output).not.toContain('hunter2');
  });

  it.each(['api', 'ingest'] as const)('%s refuses to start in production on the local stack\'s database password (issue 9)', async (name) => {
    const output = await startFailure(name, { NODE_ENV: 'production', MODELGATE_ADMIN_KEY: 'an-operator-chosen-key-0123456789' });
    expect(output).toMatch(/exited with 78[\s\S]*DATABASE_URL \(value hidden\): NODE_ENV=production refuses the local stack's database password/);
  });
});
