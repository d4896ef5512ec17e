import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait';

/** The checkout's root: the nearest folder with a package.json (test/support, or dist/test/support when a bench runs it built). */
export const repoRoot = (function findRoot(dir: string): string {
  return existsSync(resolve(dir, 'package.json')) || dirname(dir) === dir ? dir : findRoot(dirname(dir));
})(resolve(__dirname, '../..'));
export type AppName = 'api' | 'ingest' | 'worker';
const PORT_VARIABLE: Record<AppName, string> = { api: 'API_PORT', ingest: 'INGEST_PORT', worker: 'WORKER_PORT' };

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningApp {
  name: AppName;
  url: string;
  process: ChildProcess;
  /** Everything the process wrote, for assertions and for failure messages. */
  output(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns a built app (`dist/apps/<name>`) on a free port; resolves once it listens. */
export async function startApp(
  name: AppName,
  env: Record<string, string> = {},
  { waitForHealthy = true, startTimeoutMs = 60_000 } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(repoRoot, `dist/apps/${name}/src/main.js`)], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', [PORT_VARIABLE[name]]: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const app: RunningApp = {
    name,
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const answered = waitFor(
    `${name} to answer on ${app.url}/health`,
    async () => {
      const response = await fetch(`${app.url}/health`);
      return !waitForHealthy || response.ok ? true : undefined;
    },
    { timeoutMs: startTimeoutMs, intervalMs: 200 },
  );
  const died = exited.then((code) => {
    throw new Error(`${name} exited with ${code} before answering:\n${output}`);
  });
  await Promise.race([answered, died]);
  died.catch(() => undefined); // exiting later (stop()) is not a start failure
  return app;
}

const execFileAsync = promisify(execFile);

/** `scripts/stack.sh <command> [services]`, as an operator would run it. */
export async function stack(command: 'up' | 'down' | 'status', ...services: string[]) {
  return execFileAsync('bash', ['scripts/stack.sh', command, ...services], { cwd: repoRoot });
}
