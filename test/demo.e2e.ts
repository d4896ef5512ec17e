import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { KafkaClient } from '@modelgate/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, startApi } from './assignment-api.helpers';
import { repoRoot, type RunningApp, startApp } from './support/apps';
import { TEST_KAFKA_BROKERS } from './support/test-env';

/** `node dist/scripts/demo.js --fast` against the three apps, on topics of its own; its output and exit code. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(repoRoot, 'dist/scripts/demo.js'), '--fast'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

describe('npm run demo -- --fast (issue 13)', () => {
  const id = randomUUID().slice(0, 8);
  const env: Record<string, string> = {
    INGEST_GROUP_ID: `e2e-demo-${id}`,
    INGEST_PREDICTIONS_TOPIC: `e2e-demo-${id}.predictions`,
    INGEST_OUTCOMES_TOPIC: `e2e-demo-${id}.outcomes`,
    INGEST_DEAD_LETTERS_TOPIC: `e2e-demo-${id}.dead-letters`,
    ROLLUP_BUCKET_SECONDS: '1',
    LOG_LEVEL: 'warn',
  };
  let apps: RunningApp[] = [];

  beforeAll(async () => {
    const admin = new KafkaClient({ brokers: TEST_KAFKA_BROKERS.split(','), clientId: `e2e-demo-${id}` }).admin();
    await admin.ensureTopics([env.INGEST_PREDICTIONS_TOPIC!, env.INGEST_OUTCOMES_TOPIC!, env.INGEST_DEAD_LETTERS_TOPIC!].map((topic) => ({ topic, partitions: 2 })));
    await admin.close();
    apps = await Promise.all([startApi(env), startApp('ingest', env), startApp('worker', env)]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('plays every scenario to its expected decision, delivered to the receiver, and exits 0', async () => {
    const { code, output } = await runDemo({ ...env, MODELGATE_API_URL: apps[0]!.url, MODELGATE_ADMIN_KEY: adminKey });
    expect(code, output).toBe(0);
    // The summary's rows: scenario, expected, decision, delivered (received / made), ok.
    const rows = output.split('\n').filter((l) => /^│ \d\./.test(l)).map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
    expect(rows.map(([name, expected, decision, , ok]) => [name, expected, decision, ok])).toEqual([
      ['1. shadow v2 beside v1', 'advance', 'advance', 'ok'],
      ['2. canary v2, sticky users', 'promote', 'promote', 'ok'],
      ['3. A/B v1 vs v2 in AU/NZ/Pacific', 'promote', 'promote', 'ok'],
      ['4. blue/green v2 → faulty v3', 'rollback', 'rollback', 'ok'],
      ['5. rolling v2 → faulty v3', 'rollback', 'rollback', 'ok'],
      ['6. recreate v1 → v2 (after vs before)', 'promote', 'promote', 'ok'],
      ['7. drift: brighter photos on v2', 'retrain', 'retrain', 'ok'],
      ['8. malformed event', 'dead-lettered', 'dead-lettered', 'ok'],
    ]);
    // Every decision made reached the receiver with a valid signature (n/n, n ≥ 1).
    for (const [name, , , delivered] of rows.slice(0, 7)) {
      const [received, made] = delivered!.split('/').map(Number);
      expect([name, received], output).toEqual([name, made]);
      expect(made).toBeGreaterThan(0);
    }
    expect(output).toMatch(/stickiness: [1-9]\d* answers to users already in the canary, 0 moved out/);
    expect(output).toMatch(/on e2e-demo-\w+\.dead-letters with reason bad-json/);
    expect(output).toMatch(/0 bad signatures/);
  }, 300_000);
});
