/**
 * /v1/assign over HTTP against a bare Nest endpoint returning a constant on the same adapter, in
 * the same run: peak throughput (autocannon, unbounded) of each, their ratio (target >= 0.8x),
 * and the p99 latency of /v1/assign under steady (paced) load at half its peak rate (target < 5 ms).
 * Run: npm run bench:assign-http (needs PostgreSQL and Redis: scripts/stack.sh up)
 */
import autocannon from 'autocannon';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const adminKey = 'bench-admin-key-0123456789abcdef';
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://modelgate:modelgate@127.0.0.1:5432/modelgate';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts a node script on a free port; resolves once `probe` answers. */
async function start(script: string, env: Record<string, string>, probePath: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(root, script)], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), API_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url + probePath)).status < 500) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not start: check that the stack is up (scripts/stack.sh up)`);
}

async function post(url: string, path: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** One autocannon run, as fast as the server answers. */
function load(url: string, key: string, model: string): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `${url}/v1/assign`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ model, unitId: `user-${n++}`, attributes: { region: 'AU' } }) }),
      },
    ],
  });
}

/**
 * Open-loop load at a steady `rate`: requests spread evenly over time (autocannon's rate option
 * sends each second's quota in a burst), over raw keep-alive sockets so the load generator itself
 * costs little. Latency counts from each request's scheduled time, so queueing is included.
 */
async function paced(url: string, key: string, model: string, rate: number): Promise<{ p50: number; p99: number; served: number; failed: number }> {
  const target = new URL(url);
  const open = () =>
    new Promise<Socket>((done) => {
      const socket = connect(Number(target.port), target.hostname, () => done(socket));
      socket.setNoDelay(true);
    });
  const sockets = await Promise.all(Array.from({ length: 32 }, open));
  const latencies: number[] = [];
  let failed = 0;
  let inFlight = 0;
  // FIFO, so every socket stays busy enough that the server's keep-alive timeout never closes it.
  const idle = [...sockets];
  const waiting: number[] = []; // scheduled times of requests waiting for a socket
  let sent = 0;
  const release = (socket: Socket) => {
    inFlight--;
    const next = waiting.shift();
    if (next === undefined) idle.push(socket);
    else send(socket, next);
  };
  const send = (socket: Socket, scheduled: number): void => {
    if (!socket.writable) {
      // Closed by the server while idle: replace it, and send on the new one.
      void open().then((fresh) => {
        sockets.push(fresh);
        send(fresh, scheduled);
      });
      return;
    }
    inFlight++;
    const body = JSON.stringify({ model, unitId: `user-${sent++}`, attributes: { region: 'AU' } });
    let buffer = '';
    const onClose = () => {
      socket.off('data', onData);
      failed++;
      inFlight--;
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buffer.slice(0, headerEnd))?.[1] ?? 0);
      if (buffer.length < headerEnd + 4 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      if (buffer.startsWith('HTTP/1.1 200')) latencies.push(performance.now() - scheduled);
      else failed++;
      release(socket);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(
      `POST /v1/assign HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nx-api-key: ${key}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  const begin = performance.now();
  let scheduled = 0;
  while (performance.now() - begin < seconds * 1000) {
    const due = Math.floor(((performance.now() - begin) / 1000) * rate);
    for (; scheduled < due; scheduled++) {
      const at = begin + (scheduled * 1000) / rate;
      const socket = idle.shift();
      if (socket) send(socket, at);
      else waiting.push(at);
    }
    // A 1 ms tick: fine enough to spread requests, without spinning a core the servers need.
    await new Promise((r) => setTimeout(r, 1));
  }
  const drainBy = performance.now() + 30_000;
  while ((inFlight > 0 || waiting.length > 0) && performance.now() < drainBy) await new Promise((r) => setTimeout(r, 5));
  failed += inFlight + waiting.length;
  for (const socket of sockets) socket.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), served: latencies.length / seconds, failed };
}

async function main(): Promise<void> {
  execFileSync('node', ['dist/scripts/migrate.js', 'run'], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'ignore' });
  const api = await start(
    'dist/apps/api/src/main.js',
    // Not NODE_ENV=production: it refuses the local stack's database password (no code path of the api differs).
    { DATABASE_URL: databaseUrl, MODELGATE_ADMIN_KEY: adminKey, RATE_LIMIT_PER_MINUTE: '100000000', NODE_ENV: 'test' },
    '/docs-json',
  );
  const bare = await start('dist/bench/assign-http/bare-nest.server.js', {}, '/');
  try {
    const model = `animal-classifier-bench-${Date.now()}`;
    await post(api.url, '/v1/deployments', adminKey, {
      model,
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'canary',
      steps: [10, 25, 50],
      primaryMetric: { name: 'accuracy', direction: 'higher' },
      targeting: { match: 'any', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
    });
    const { key } = (await post(api.url, '/v1/api-keys', adminKey, { name: 'bench', role: 'service' })) as { key: string };
    await load(api.url, key, model); // warm-up (JIT, caches), not reported
    await load(bare.url, key, model);
    // Alternating rounds, best of each: the machine's other load then weighs on both sides alike.
    const best = (runs: autocannon.Result[]) => runs.reduce((x, y) => (y.requests.average > x.requests.average ? y : x));
    const oursRuns: autocannon.Result[] = [];
    const referenceRuns: autocannon.Result[] = [];
    for (let round = 0; round < rounds; round++) {
      oursRuns.push(await load(api.url, key, model));
      referenceRuns.push(await load(bare.url, key, model));
    }
    const ours = best(oursRuns);
    const reference = best(referenceRuns);
    const halfPeak = Math.round(ours.requests.average / 2);
    const atHalf = await paced(api.url, key, model, halfPeak);
    const bareAtHalf = await paced(bare.url, key, model, halfPeak);
    const errors = [...oursRuns, ...referenceRuns].reduce((sum, run) => sum + run.non2xx + run.errors, 0) + atHalf.failed + bareAtHalf.failed;
    console.log(`autocannon: ${connections} connections, ${seconds} s per run, best of ${rounds} alternating rounds, node ${process.version}`);
    // Load generator and servers share this machine: its other load weighs on every figure below.
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end of the run`);
    console.log(`bare Nest constant POST /v1/assign: ${reference.requests.average.toFixed(0)} req/s, p99 ${reference.latency.p99} ms`);
    console.log(`modelgate POST /v1/assign:          ${ours.requests.average.toFixed(0)} req/s, p99 ${ours.latency.p99} ms`);
    console.log(`ratio modelgate / bare Nest: ${(ours.requests.average / reference.requests.average).toFixed(2)}x (target >= 0.8x)`);
    console.log(
      `modelgate at half its peak, paced (${halfPeak} req/s offered, ${atHalf.served.toFixed(0)} served): p50 ${atHalf.p50.toFixed(2)} ms, p99 ${atHalf.p99.toFixed(2)} ms (target < 5 ms)`,
    );
    console.log(
      `bare Nest at the same paced rate (reference: the pacer and the machine): p50 ${bareAtHalf.p50.toFixed(2)} ms, p99 ${bareAtHalf.p99.toFixed(2)} ms`,
    );
    console.log(`non-2xx or errors across runs: ${errors}`);
  } finally {
    api.child.kill('SIGKILL');
    bare.child.kill('SIGKILL');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
