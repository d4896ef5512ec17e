/**
 * Delivery latency: from a decision's commit (writeDecision in its transaction) to its receipt at a
 * webhook receiver, through the outbox, the NOTIFY, BullMQ and apps/worker; next to a reference
 * measured in the same run and at the same pace: a bare POST of the same signed body to the same
 * receiver. Two paces: a stress rate and a realistic one; the machine's load is printed beside each.
 * Usage: npm run bench:delivery (the local stack up; DATABASE_URL, REDIS_URL migrated and free).
 */
import { signWebhook } from '@modelgate/deploy';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { decision, pool, write } from '../../test/delivery.helpers';
import { machineLoad } from '../support/machine';
import { insertDeployment } from '../../test/support/deployment-row';
import { waitFor } from '../../test/support/wait';

const root = resolve(__dirname, '../../..');
const DEPLOYMENTS = 20;
/** Two paces: a stress rate far above what an engine makes, and a realistic one (a fleet of deployments). */
const RATES = [
  { label: 'stress', decisions: Number(process.env.BENCH_DECISIONS ?? 1_000), intervalMs: 5 },
  { label: 'realistic', decisions: Number(process.env.BENCH_REALISTIC_DECISIONS ?? 400), intervalMs: 50 },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

/** Runs `step(n)` for n < count, one every `intervalMs` on a schedule (no drift when a step is slow); returns the rate achieved. */
async function paced(count: number, intervalMs: number, step: (n: number) => Promise<void>): Promise<number> {
  const start = now();
  for (let n = 0; n < count; n++) {
    await sleep(start + n * intervalMs - now());
    await step(n);
  }
  return count / ((now() - start) / 1_000);
}

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

    let seq = 0;
    const rows = (label: string, v: number[]) => `  ${label.padEnd(42)} p50 ${percentile(v, 50).toFixed(2).padStart(8)} ms   p99 ${percentile(v, 99).toFixed(2).padStart(8)} ms`;
    let first: string | undefined;
    for (const rate of RATES) {
      const committed = new Map<string, number>();
      const achieved = await paced(rate.decisions, rate.intervalMs, async () => {
        const d = decision(deployments[seq % DEPLOYMENTS]!, model, seq++);
        await write(db, d);
        committed.set(d.id, now());
      });
      first ??= [...committed.keys()][0];
      await waitFor('every decision at the receiver', () => ([...committed.keys()].every((id) => received.has(id)) ? true : undefined), { timeoutMs: 300_000 });
      const ours = [...committed].map(([id, at]) => received.get(id)!.at - at);
      const loadDuring = machineLoad();

      // The reference, in the same run and at the same pace: the same signed body, POSTed straight to the same receiver.
      const reference: number[] = [];
      await paced(rate.decisions, rate.intervalMs, async () => {
        const d = decision(deployments[seq % DEPLOYMENTS]!, model, seq++);
        const start = now();
        const body = JSON.stringify(d);
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(d.id, new Date(), body, [secret]) }, body });
        reference.push(received.get(d.id)!.at - start);
      });

      console.log(`${rate.label}: ${rate.decisions} decisions over ${DEPLOYMENTS} deployments, one every ${rate.intervalMs} ms (achieved ${achieved.toFixed(1)}/s); ${loadDuring}`);
      console.log(rows('ModelGate (commit → receipt, via outbox)', ours));
      console.log(rows('reference (bare signed POST → receipt)', reference));
      console.log(`  ratio ModelGate / reference: p50 ${(percentile(ours, 50) / percentile(reference, 50)).toFixed(1)}×, p99 ${(percentile(ours, 99) / percentile(reference, 99)).toFixed(1)}×`);
    }
    const sample = received.get(first!)!;
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
