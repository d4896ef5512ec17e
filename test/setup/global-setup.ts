import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { testEnv } from '../support/test-env';

const root = resolve(__dirname, '../..');

/**
 * Before any e2e file: the real stack up (idempotent; from nothing on a fresh machine), the apps
 * built, and the test database migrated. Each step prints what it does: the first run on a fresh
 * machine fetches Kafka's jars.
 */
export default function setup(): void {
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...testEnv } });
  console.log('[e2e] bringing the stack up (scripts/stack.sh up)');
  run('bash', ['scripts/stack.sh', 'up']);
  console.log('[e2e] building the apps (npm run build)');
  run('npm', ['run', '-s', 'build']);
  console.log(`[e2e] migrating ${testEnv.DATABASE_URL}`);
  run('node', ['dist/scripts/migrate.js', 'run']);
}
