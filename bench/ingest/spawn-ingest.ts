import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../test/support/apps';
import { waitFor } from '../../test/support/wait';
import { startCommand } from '../support/start-command';

/** The repository root, from `dist/bench/ingest` where the compiled bench runs. */
const root = resolve(__dirname, '../../..');

export interface IngestProcess {
  url: string;
  child: ChildProcess;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the built apps/ingest (`npm run build` first) as `npm run start:ingest` does, and resolves
 * once /health answers 200. `nodeArgs` go to node before those of start:ingest (e.g. `--cpu-prof`,
 * which NODE_OPTIONS refuses).
 */
export async function spawnIngest(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<IngestProcess> {
  const port = await freePort();
  const { flags, script } = startCommand(root, 'ingest');
  const child = spawn(process.execPath, [...nodeArgs, ...flags, script], {
    cwd: root,
    env: { ...process.env, INGEST_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('apps/ingest to be healthy', async () => {
    if (child.exitCode !== null) throw new Error(`apps/ingest exited with ${child.exitCode}`);
    return (await fetch(`${url}/health`)).ok ? true : undefined;
  }, { timeoutMs: 60_000, intervalMs: 100 });
  return {
    url,
    child,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls the process's heap gauge from /metrics; `stop()` returns the largest value seen, in bytes. */
export function sampleHeap(url: string, everyMs = 200): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    fetch(`${url}/metrics`)
      .then((response) => response.text())
      .then((text) => {
        const match = /^modelgate_nodejs_heap_size_used_bytes\{[^}]*\} (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(text);
        if (match) peak = Math.max(peak, Number(match[1]));
      })
      .catch(() => undefined); // a sample lost while the process is busy or gone: the next one counts
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
