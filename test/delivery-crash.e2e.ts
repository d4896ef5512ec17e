import type { CreatedWebhook } from '@modelgate/contracts';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, call, startApi, uniqueModel } from './assignment-api.helpers';
import { decision, insertDeployment, pool, Receiver, write } from './delivery.helpers';
import { type RunningApp, startApp } from './support/apps';
import { TEST_REDIS_URL } from './support/test-env';
import { waitFor } from './support/wait';

const workerEnv = { DELIVERY_BACKOFF_BASE_MS: '50', DELIVERY_BACKOFF_MAX_MS: '400', DELIVERY_RECONCILE_INTERVAL_MS: '1000', LOG_LEVEL: 'warn' };

describe('delivery survives losing Redis and a killed worker', () => {
  const db = pool();
  const receiver = new Receiver();
  // Our own Redis database only: the server is shared, so FLUSHDB, which is FLUSHALL for this stack.
  const redis = new Redis(TEST_REDIS_URL);
  let api: RunningApp;
  let worker: RunningApp;

  beforeAll(async () => {
    await receiver.start();
    [api, worker] = await Promise.all([startApi({ LOG_LEVEL: 'warn' }), startApp('worker', workerEnv)]);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop('SIGKILL')]);
    await receiver.stop();
    await redis.quit();
    await db.end();
  });

  it('loses no decision, keeps the order per deployment, and redelivers with the same webhook-id', async () => {
    const model = uniqueModel('crash');
    const deployments = [await insertDeployment(db, model), await insertDeployment(db, model)];
    const hook = await call<CreatedWebhook>(api, 'POST', '/v1/webhooks', { key: adminKey, body: { url: receiver.url, deploymentIds: deployments } });
    expect(hook.status).toBe(201);
    const sent = Array.from({ length: 30 }, (_, n) => decision(deployments[n % 2]!, model, n));
    receiver.answer = async () => {
      await new Promise((r) => setTimeout(r, 30));
      return { status: 200 };
    };
    await write(db, ...sent.slice(0, 15));
    await waitFor('some deliveries', () => (receiver.acknowledged().length >= 4 ? true : undefined));
    await redis.flushdb();
    await write(db, ...sent.slice(15, 22));
    await waitFor('deliveries after the flush', () => (receiver.acknowledged().length >= 12 ? true : undefined), { timeoutMs: 60_000 });

    // The next delivery in flight: SIGKILL the worker before answering it.
    let inflight: string | undefined;
    receiver.answer = async (got) => {
      if (inflight === undefined) {
        inflight = String(got.headers['webhook-id']);
        await worker.stop('SIGKILL');
      }
      return { status: 200 };
    };
    await write(db, ...sent.slice(22));
    await waitFor('the worker killed mid-delivery', () => (worker.process.signalCode === 'SIGKILL' ? true : undefined));
    await redis.flushdb();
    receiver.answer = { status: 200 };
    worker = await startApp('worker', workerEnv);

    const ids = new Set(sent.map((d) => d.id));
    await waitFor(
      'every decision acknowledged',
      () => (new Set(receiver.acknowledged().map((r) => String(r.headers['webhook-id']))).size >= ids.size ? true : undefined),
      { timeoutMs: 90_000 },
    );
    const got = receiver.received.filter((r) => ids.has(String(r.headers['webhook-id'])));
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(ids);
    const copies = got.filter((r) => r.headers['webhook-id'] === inflight);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(copies.map((r) => r.body)).size).toBe(1);
    for (const id of deployments) {
      const firsts = [...new Set(got.map((r) => JSON.parse(r.body) as { id: string; deploymentId: string }).filter((d) => d.deploymentId === id).map((d) => d.id))];
      expect(firsts).toEqual(sent.filter((d) => d.deploymentId === id).map((d) => d.id));
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE destination = $1 AND state = 'delivered'`, [`webhook:${hook.body.id}`]);
    expect(rows[0].n).toBe(sent.length);
  });
});
