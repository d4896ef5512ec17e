import type { CreatedWebhook, WebhookDelivery } from '@modelgate/contracts';
import { KafkaClient, type KafkaConsumer, TOPICS } from '@modelgate/platform';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, call, startApi, uniqueModel } from './assignment-api.helpers';
import { decision, insertDeployment, pool, Receiver, write } from './delivery.helpers';
import { type RunningApp, startApp } from './support/apps';
import { TEST_KAFKA_BROKERS } from './support/test-env';
import { waitFor } from './support/wait';

const workerEnv = { DELIVERY_BACKOFF_BASE_MS: '50', DELIVERY_BACKOFF_MAX_MS: '400', DELIVERY_RECONCILE_INTERVAL_MS: '2000', LOG_LEVEL: 'warn' };

describe('decisions reach webhooks and the decisions topic', () => {
  const db = pool();
  const receiver = new Receiver();
  let api: RunningApp;
  let worker: RunningApp;
  let model: string;
  let deployments: string[];
  let hook: CreatedWebhook;

  beforeAll(async () => {
    await receiver.start();
    [api, worker] = await Promise.all([startApi({ LOG_LEVEL: 'warn' }), startApp('worker', workerEnv)]);
    model = uniqueModel('delivery');
    deployments = [await insertDeployment(db, model), await insertDeployment(db, model), await insertDeployment(db, model)];
    const created = await call<CreatedWebhook>(api, 'POST', '/v1/webhooks', { key: adminKey, body: { url: receiver.url, deploymentIds: deployments } });
    expect(created.status).toBe(201);
    hook = created.body;
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await receiver.stop();
    await db.end();
  });

  it('shows the secret once, never in the list, and never in the logs', async () => {
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await call<unknown[]>(api, 'GET', '/v1/webhooks', { key: adminKey });
    expect(JSON.stringify(listed.body)).toContain(hook.id);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret.slice(6));
    expect(api.output() + worker.output()).not.toContain(hook.secret.slice(6));
  });

  it('signs every delivery per Standard Webhooks; a tampered body, a wrong secret and an old timestamp fail', async () => {
    const sent = [decision(deployments[0]!, model, 1), decision(deployments[0]!, model, 2, 'promote')];
    await write(db, ...sent);
    const got = await waitFor('both decisions at the receiver', () => {
      const ids = receiver.acknowledged().filter((r) => sent.some((d) => d.id === r.headers['webhook-id']));
      return ids.length === 2 ? ids : undefined;
    });
    const verifier = new Webhook(hook.secret);
    for (const r of got) {
      const headers = r.headers as Record<string, string>;
      const body = verifier.verify(r.body, headers) as { id: string };
      expect(body.id).toBe(headers['webhook-id']);
      expect(r.headers['content-type']).toBe('application/json');
      expect(() => verifier.verify(r.body.replace('"advance"', '"promote"').replace('"promote"', '"rollback"'), headers)).toThrow(/signature/i);
      expect(() => new Webhook(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`).verify(r.body, headers)).toThrow(/signature/i);
      const old = new Date(Date.now() - 10 * 60_000);
      const oldHeaders = { ...headers, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': verifier.sign(body.id, old, r.body) };
      expect(() => verifier.verify(r.body, oldHeaders)).toThrow(/too old/i);
    }
    expect(got.map((r) => r.headers['webhook-id'])).toEqual(sent.map((d) => d.id));
  });

  it('delivers every decision once per idempotency key, in order per deployment, after the receiver was down', async () => {
    const before = receiver.received.length;
    const sent = deployments.flatMap((id, k) => Array.from({ length: 6 }, (_, n) => decision(id, model, 10 * k + n)));
    receiver.answer = { status: 500 };
    await write(db, ...sent.slice(0, 6));
    await waitFor('500s at the receiver', () => (receiver.received.slice(before).filter((r) => r.status === 500).length >= 3 ? true : undefined));
    await receiver.stop();
    await write(db, ...sent.slice(6, 12));
    await waitFor('refused attempts counted in the outbox', async () => {
      const { rows } = await db.query(`SELECT 1 FROM outbox WHERE destination = $1 AND last_error LIKE 'could not reach%'`, [`webhook:${hook.id}`]);
      return rows.length > 0 ? true : undefined;
    });
    receiver.answer = { status: 503, retryAfter: 1 };
    await receiver.start();
    await write(db, ...sent.slice(12));
    await waitFor('a 503 with Retry-After', () => (receiver.received.slice(before).some((r) => r.status === 503) ? true : undefined));
    receiver.answer = { status: 200 };
    const ids = new Set(sent.map((d) => d.id));
    const acked = await waitFor(
      'every decision acknowledged',
      () => {
        const ok = receiver.acknowledged().filter((r) => ids.has(String(r.headers['webhook-id'])));
        return ok.length >= sent.length ? ok : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(acked).toHaveLength(sent.length);
    expect(new Set(acked.map((r) => r.headers['webhook-id'])).size).toBe(sent.length);
    // Retry-After: 1 was honoured: a decision answered 503 came back no sooner than a second later.
    const mine = receiver.received.slice(before);
    const after503 = mine.flatMap((r, i) => {
      const next = r.status === 503 ? mine.slice(i + 1).find((n) => n.headers['webhook-id'] === r.headers['webhook-id']) : undefined;
      return next ? [next.at - r.at] : [];
    });
    expect(after503.length).toBeGreaterThan(0);
    expect(Math.min(...after503)).toBeGreaterThanOrEqual(950);
    for (const id of deployments) {
      const order = acked.map((r) => JSON.parse(r.body) as { id: string; deploymentId: string }).filter((d) => d.deploymentId === id).map((d) => d.id);
      expect(order).toEqual(sent.filter((d) => d.deploymentId === id).map((d) => d.id));
    }
    const deliveries = await call<WebhookDelivery[]>(api, 'GET', `/v1/webhooks/${hook.id}/deliveries?state=delivered&limit=1000`, { key: adminKey });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.filter((d) => ids.has(d.decisionId)).every((d) => d.attempts >= 1 && d.lastStatus === 200)).toBe(true);
    expect(deliveries.body.filter((d) => ids.has(d.decisionId))).toHaveLength(sent.length);
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/modelgate_deliveries_total\{[^}]*destination="webhook"[^}]*outcome="delivered"[^}]*\} \d+/);
    expect(metrics).toMatch(/modelgate_deliveries_total\{[^}]*outcome="pending"[^}]*\} \d+/);
    expect(metrics).toContain('modelgate_delivery_oldest_pending_seconds');
  });

  it('puts every decision on the Kafka topic, keyed by deployment id', async () => {
    const sent = [decision(deployments[1]!, model, 100, 'rollback'), decision(deployments[2]!, model, 101, 'hold')];
    await write(db, ...sent);
    const seen = new Map<string, { key: string; value: { id: string; deploymentId: string } }>();
    const kafka = new KafkaClient({ brokers: TEST_KAFKA_BROKERS.split(','), clientId: 'e2e-delivery' });
    const consumer: KafkaConsumer = await kafka.consume({ groupId: `e2e-delivery-${Date.now()}`, topics: [TOPICS.decisions], fromBeginning: true }, async (batch) => {
      for (const m of batch.messages) {
        const value = JSON.parse(m.value!.toString()) as { id: string; deploymentId: string };
        seen.set(value.id, { key: m.key!.toString(), value });
      }
    });
    try {
      await waitFor('both decisions on the topic', () => (sent.every((d) => seen.has(d.id)) ? true : undefined), { timeoutMs: 60_000 });
      for (const d of sent) {
        expect(seen.get(d.id)!.key).toBe(d.deploymentId);
        expect(seen.get(d.id)!.value).toEqual(JSON.parse(JSON.stringify(d)));
      }
    } finally {
      await consumer.close();
    }
  });

  it('disables a subscription whose receiver answers 410 Gone, and a failed delivery can be retried by hand', async () => {
    const gone = new Receiver();
    gone.answer = { status: 410 };
    await gone.start();
    const deploymentId = await insertDeployment(db, model);
    const created = await call<CreatedWebhook>(api, 'POST', '/v1/webhooks', { key: adminKey, body: { url: gone.url, deploymentIds: [deploymentId], actions: ['rollback'] } });
    await write(db, decision(deploymentId, model, 1, 'advance'), decision(deploymentId, model, 2, 'rollback'));
    const listed = await waitFor('the subscription disabled', async () => {
      const all = await call<{ id: string; state: string; disabledReason: string }[]>(api, 'GET', '/v1/webhooks', { key: adminKey });
      const mine = all.body.find((s) => s.id === created.body.id);
      return mine?.state === 'disabled' ? mine : undefined;
    });
    expect(listed.disabledReason).toBe('the receiver answered 410 Gone');
    expect(gone.received).toHaveLength(1); // the action filter left `advance` out
    const deliveries = await call<WebhookDelivery[]>(api, 'GET', `/v1/webhooks/${created.body.id}/deliveries`, { key: adminKey });
    expect(deliveries.body.map((d) => [d.action, d.state, d.lastStatus])).toEqual([['rollback', 'gone', 410]]);
    const retried = await call(api, 'POST', `/v1/webhooks/${created.body.id}/deliveries/${deliveries.body[0]!.id}/retry`, { key: adminKey });
    expect(retried.status).toBe(409);
    await gone.stop();
  });
});
