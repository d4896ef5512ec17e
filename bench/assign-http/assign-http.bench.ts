/**
 * /v1/assign over HTTP against a bare Nest endpoint returning a constant on the same adapter, for
 * both of Nest's HTTP adapters (Express and Fastify), in the same run: peak throughput (autocannon,
 * unbounded) of each, their ratio (target >= 0.8x), requests per CPU-second of the server process,
 * and the p99 latency of /v1/assign under steady (paced, open-loop) load at half its peak rate beside
 * the bare endpoint's p99 at the same rate (target <= 1.5x). Every figure is the best of alternating rounds.
 * Run: npm run bench:assign-http (needs PostgreSQL and Redis: scripts/stack.sh up)
 */
import autocannon from 'autocannon';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../test/support/apps';
import { machineLoad } from '../support/machine';
import { startCommand } from '../support/start-command';

const root = resolve(__dirname, '../../..');
const adminKey = 'bench-admin-key-0123456789abcdef';
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://modelgate:modelgate@127.0.0.1:5432/modelgate';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const adapters = ['express', 'fastify'] as const;
type Adapter = (typeof adapters)[number];
/** Published by Unleash (Edge, in Rust, 350 flags): not measured here, printed for scale. */
const unleashEdgePerCpu = 6900;
/** How users start the api (`npm run start:api`). */
const apiStart = startCommand(root, 'api');

interface Server {
  url: string;
  child: ChildProcess;
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts a node script on a free port; resolves once `probe` answers. */
async function start(script: string, env: Record<string, string>, probePath: string): Promise<Server> {
  const port = await freePort();
  // Every server runs with start:api's node flags, and without V8's memory reducer: a few seconds
  // after its own run, an idle server's heap-shrinking collections (11-17 ms each for an api) landed
  // inside the next server's measured run on these two shared cores, and set its p99.
  const child = spawn(process.execPath, ['--no-memory-reducer', ...apiStart.flags, resolve(root, script)], {
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

interface Run {
  result: autocannon.Result;
  /** Requests answered per CPU-second the server process used. */
  perCpu: number;
}

/** One autocannon run, as fast as the server answers. */
async function load(server: Server, key: string, model: string): Promise<Run> {
  let n = 0;
  const cpuBefore = cpuSeconds(server.child.pid!);
  const result = await autocannon({
    url: `${server.url}/v1/assign`,
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
  return { result, perCpu: result.requests.total / (cpuSeconds(server.child.pid!) - cpuBefore) };
}

/**
 * Open-loop load at a steady `rate`, as wrk2 makes it: requests spread evenly over time
 * (autocannon's rate option sends each second's quota in a burst) over a fixed pool of raw
 * keep-alive sockets, so the load generator itself costs little. A request due while every socket
 * is busy waits in the client, and its latency counts from its scheduled time, so a stall of the
 * server costs every request it delays (no coordinated omission).
 */
interface Paced {
  p50: number;
  p99: number;
  served: number;
  failed: number;
}

/**
 * The paced client's pool: a millisecond and a half of round trip carries 170 000 req/s over it,
 * eight times the fastest paced rate. An earlier client began with 32 and opened a connection
 * whenever a request was due and none was idle (Node's default agent): after a stall of the api it
 * opened hundreds at once (requests then waited up to 1.15 s, most likely handshakes dropped past
 * the listen backlog and retried after a second), and the requests left on those idle connections
 * lived long enough to be promoted, so the api ran a full collection every 6.5 s at 20 000 req/s.
 * Those seconds, not the servers, set its p99.
 */
const pacedConnections = 256;

/**
 * Each paced run first sends at its rate for this long without recording: its first ~100 ms
 * (connections fresh to this server, the previous run's sockets closing) queued requests for up to
 * a second on every server alike.
 */
const pacedWarmupMs = 1000;

async function paced(url: string, key: string, model: string, rate: number): Promise<Paced> {
  const target = new URL(url);
  const open = () =>
    new Promise<Socket>((done) => {
      const socket = connect(Number(target.port), target.hostname, () => done(socket));
      socket.setNoDelay(true);
    });
  const latencies: number[] = [];
  let failed = 0;
  let inFlight = 0;
  // FIFO, so every socket stays busy enough that the server's keep-alive timeout never closes it.
  const idle = await Promise.all(Array.from({ length: pacedConnections }, open));
  const sockets = new Set(idle);
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
      // Closed by the server while idle: replace it.
      sockets.delete(socket);
      inFlight++;
      void open().then((fresh) => {
        sockets.add(fresh);
        inFlight--;
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
      if (!buffer.startsWith('HTTP/1.1 200')) failed++;
      else if (scheduled >= recordFrom) latencies.push(performance.now() - scheduled);
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
  const recordFrom = begin + pacedWarmupMs;
  let scheduled = 0;
  while (performance.now() - begin < pacedWarmupMs + seconds * 1000) {
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

const format = (n: number) => n.toFixed(0).padStart(6);

async function main(): Promise<void> {
  execFileSync('node', ['dist/scripts/migrate.js', 'run'], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'ignore' });
  // Not NODE_ENV=production: it refuses the local stack's database password (no code path of the api differs).
  const apiEnv = { DATABASE_URL: databaseUrl, MODELGATE_ADMIN_KEY: adminKey, RATE_LIMIT_PER_MINUTE: '100000000', NODE_ENV: 'test' };
  const servers: Record<Adapter, { ours: Server; bare: Server }> = {
    express: {
      ours: await start('dist/bench/assign-http/api-express.server.js', apiEnv, '/docs-json'),
      bare: await start('dist/bench/assign-http/bare-nest.server.js', { ADAPTER: 'express' }, '/'),
    },
    fastify: {
      ours: await start(apiStart.script, apiEnv, '/docs-json'),
      bare: await start('dist/bench/assign-http/bare-nest.server.js', { ADAPTER: 'fastify' }, '/'),
    },
  };
  const model = `animal-classifier-bench-${Date.now()}`;
  let keyId: string | undefined;
  try {
    // Both apis share the database: the deployment and key made through one reach the other by LISTEN/NOTIFY.
    const api = servers.fastify.ours.url;
    await post(api, '/v1/deployments', adminKey, {
      model,
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'canary',
      steps: [10, 25, 50],
      primaryMetric: { name: 'accuracy', direction: 'higher' },
      targeting: { match: 'any', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
    });
    const created = (await post(api, '/v1/api-keys', adminKey, { name: 'bench', role: 'service' })) as { id: string; key: string };
    const { key } = created;
    keyId = created.id;
    await waitUntilServed(servers.express.ours.url, key, model);
    const all = adapters.flatMap((adapter) => [servers[adapter].ours, servers[adapter].bare]);
    for (const server of all) await load(server, key, model); // warm-up (JIT, caches), not reported
    // Alternating rounds, best of each: the machine's other load then weighs on every side alike.
    const runs = new Map<Server, Run[]>(all.map((server) => [server, []]));
    for (let round = 0; round < rounds; round++) for (const server of all) runs.get(server)!.push(await load(server, key, model));
    const best = (server: Server) => runs.get(server)!.reduce((x, y) => (y.result.requests.average > x.result.requests.average ? y : x));
    const halfPeak = (adapter: Adapter) => Math.round(best(servers[adapter].ours).result.requests.average / 2);
    // Paced runs alternate too, best (lowest p99) of each: one stall of the shared machine sets a p99.
    const pacedRuns = new Map<Server, Paced[]>(all.map((server) => [server, []]));
    for (let round = 0; round < rounds; round++) {
      for (const adapter of adapters) {
        for (const server of [servers[adapter].ours, servers[adapter].bare]) pacedRuns.get(server)!.push(await paced(server.url, key, model, halfPeak(adapter)));
      }
    }
    const bestPaced = (server: Server) => pacedRuns.get(server)!.reduce((x, y) => (y.p99 < x.p99 ? y : x));
    const p99s = (server: Server) => pacedRuns.get(server)!.map((p) => p.p99.toFixed(1)).join('/');
    const errors =
      [...runs.values()].flat().reduce((sum, run) => sum + run.result.non2xx + run.result.errors, 0) +
      [...pacedRuns.values()].flat().reduce((sum, p) => sum + p.failed, 0);
    console.log(`autocannon: ${connections} connections, ${seconds} s per run, best of ${rounds} alternating rounds, node ${process.version} ${apiStart.flags.join(' ')}`);
    // Load generator and servers share this machine: its other load weighs on every figure below.
    console.log(`${machineLoad()}, at the end of the run`);
    console.log('per CPU: requests answered per CPU-second used by the server process (user + system)');
    for (const adapter of adapters) {
      const ours = best(servers[adapter].ours);
      const reference = best(servers[adapter].bare);
      const oursPaced = bestPaced(servers[adapter].ours);
      const referencePaced = bestPaced(servers[adapter].bare);
      const line = (name: string, run: Run) =>
        `${adapter} ${name}: ${format(run.result.requests.average)} req/s, ${format(run.perCpu)} req/s per CPU, p99 ${run.result.latency.p99} ms`;
      console.log(line('bare Nest constant POST /v1/assign', reference));
      console.log(line('modelgate POST /v1/assign         ', ours));
      console.log(`${adapter} ratio modelgate / bare Nest: ${(ours.result.requests.average / reference.result.requests.average).toFixed(2)}x (target >= 0.8x)`);
      console.log(
        `${adapter} paced at half modelgate's peak (${halfPeak(adapter)} req/s offered, ${oursPaced.served.toFixed(0)} served, ` +
          `${pacedConnections} connections, ${pacedWarmupMs / 1000} s unrecorded then ${seconds} s): ` +
          `modelgate p50 ${oursPaced.p50.toFixed(2)} ms, p99 ${oursPaced.p99.toFixed(2)} ms; ` +
          `bare Nest p50 ${referencePaced.p50.toFixed(2)} ms, p99 ${referencePaced.p99.toFixed(2)} ms; ` +
          `p99 ratio ${(oursPaced.p99 / referencePaced.p99).toFixed(2)}x (target <= 1.5x)`,
      );
      console.log(`${adapter} paced p99 of each round (ms): modelgate ${p99s(servers[adapter].ours)}; bare Nest ${p99s(servers[adapter].bare)}`);
    }
    const [express, fastify] = adapters.map((adapter) => best(servers[adapter].ours));
    console.log(
      `modelgate fastify / express: ${(fastify!.result.requests.average / express!.result.requests.average).toFixed(2)}x req/s, ` +
        `${(fastify!.perCpu / express!.perCpu).toFixed(2)}x req/s per CPU`,
    );
    console.log(`for scale, published, not measured here: Unleash Edge (Rust, 350 flags) ${unleashEdgePerCpu} req/s per CPU`);
    console.log(`non-2xx or errors across runs: ${errors}`);
  } finally {
    for (const adapter of adapters) {
      servers[adapter].ours.child.kill('SIGKILL');
      servers[adapter].bare.child.kill('SIGKILL');
    }
    await removeBenchRows(model, keyId);
  }
}

/** Removes the run's deployment (its variants and steps cascade) and key: every api replica compiles every deployment kept. */
async function removeBenchRows(model: string, keyId: string | undefined): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM deployments WHERE model = $1', [model]);
    if (keyId !== undefined) await client.query('DELETE FROM api_keys WHERE id = $1', [keyId]);
  } finally {
    await client.end();
  }
}

/** Waits until an api answers for the model (its caches follow the other replica's writes by LISTEN/NOTIFY). */
async function waitUntilServed(url: string, key: string, model: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${url}/v1/assign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ model, unitId: 'probe' }),
    });
    if (response.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never served ${model}: is LISTEN/NOTIFY reaching it?`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
