/**
 * Delivery latency: from a decision's commit (writeDecision in its transaction) to its receipt at a
 * webhook receiver, through the outbox, the NOTIFY, BullMQ and apps/worker; next to a reference
 * measured in the same run: a bare POST of the same signed body to the same receiver.
 * Usage: npm run bench:delivery (the local stack up; DATABASE_URL, REDIS_URL migrated and free).
 */
import { signWebhook } from '@modelgate/deploy';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { decision, insertDeployment, pool, write } from '../../test/delivery.helpers';
import { waitFor } from '../../test/support/wait';

const root = resolve(__dirname, '../../..');
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 1_000);
const DEPLOYMENTS = 20;
/** Decisions are written at a steady pace (latency, not throughput): far more than an engine makes. */
const INTERVAL_MS = 5;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const received = new Map<string, { at: number; headers: IncomingHttpHeaders; body: string }>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      if (!received.has(id)) received.set(id, { at: performance.timeOrigin + performance.now(), headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const now = () => performance.timeOrigin + performance.now();

  const db = pool();
  const model = `animal-classifier-bench-${Date.now().toString(36)}`;
  const deployments: string[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) deployments.push(await insertDeployment(db, model));
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await db.query(`INSERT INTO webhook_subscriptions (url, secrets, deployment_ids) VALUES ($1, ARRAY[$2], $3)`, [url, secret, deployments]);

  const worker = spawn(process.execPath, [resolve(root, 'dist/apps/worker/src/main.js')], {
    cwd: root,
    env: { ...process.env, WORKER_PORT: String(3_900 + Math.floor(Math.random() * 90)), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await sleep(3_000); // the worker connects and listens; a warm-up decision then proves it
    const warm = decision(deployments[0]!, model, -1);
    await write(db, warm);
    await waitFor('the warm-up decision', () => (received.has(warm.id) ? true : undefined), { timeoutMs: 60_000 });

    const committed = new Map<string, number>();
    for (let n = 0; n < DECISIONS; n++) {
      const d = decision(deployments[n % DEPLOYMENTS]!, model, n);
      await write(db, d);
      committed.set(d.id, now());
      await sleep(INTERVAL_MS);
    }
    await waitFor('every decision at the receiver', () => ([...committed.keys()].every((id) => received.has(id)) ? true : undefined), { timeoutMs: 300_000 });
    const ours = [...committed].map(([id, at]) => received.get(id)!.at - at);

    // The reference: the same signed body, POSTed straight to the same receiver.
    const reference: number[] = [];
    for (let n = 0; n < DECISIONS; n++) {
      const d = decision(deployments[n % DEPLOYMENTS]!, model, 10_000 + n);
      const start = now();
      const body = JSON.stringify(d);
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(d.id, new Date(), body, [secret]) }, body });
      reference.push(received.get(d.id)!.at - start);
      await sleep(INTERVAL_MS);
    }

    const row = (label: string, v: number[]) => `${label.padEnd(44)} p50 ${percentile(v, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(v, 99).toFixed(2).padStart(7)} ms`;
    console.log(`delivery latency, ${DECISIONS} decisions over ${DEPLOYMENTS} deployments, one every ${INTERVAL_MS} ms`);
    console.log(row('ModelGate (commit → receipt, via outbox)', ours));
    console.log(row('reference (bare signed POST → receipt)', reference));
    console.log(`ratio ModelGate / reference: p50 ${(percentile(ours, 50) / percentile(reference, 50)).toFixed(1)}×, p99 ${(percentile(ours, 99) / percentile(reference, 99)).toFixed(1)}×`);
    const sample = received.get([...committed.keys()][0]!)!;
    const shown = Object.fromEntries(Object.entries(sample.headers).filter(([k]) => !['connection', 'keep-alive'].includes(k)));
    console.log(`one delivery as the receiver saw it:\n${JSON.stringify(shown, null, 2)}\n${sample.body}`);
  } finally {
    worker.kill('SIGTERM');
    server.close();
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
