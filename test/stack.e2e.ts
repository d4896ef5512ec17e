import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, stack } from './support/apps';

const kafkaHome = resolve(repoRoot, '.stack/kafka');

describe('scripts/stack.sh', () => {
  it('reports every service up once `up` has run', async () => {
    const { stderr } = await stack('status');
    expect(stderr).toMatch(/postgres: up/);
    expect(stderr).toMatch(/redis: up/);
    expect(stderr).toMatch(/kafka: up/);
  });

  it('changes nothing when `up` runs again: same broker process, no new download, topics kept', async () => {
    const pidBefore = readFileSync(resolve(kafkaHome, 'kafka.pid'), 'utf8');
    const jarsBefore = statSync(resolve(kafkaHome, 'jars/.pom-sha256')).mtimeMs;
    const { stderr } = await stack('up');
    expect(readFileSync(resolve(kafkaHome, 'kafka.pid'), 'utf8')).toBe(pidBefore);
    expect(statSync(resolve(kafkaHome, 'jars/.pom-sha256')).mtimeMs).toBe(jarsBefore);
    expect(stderr).toMatch(/topics already there/);
    expect(stderr).not.toMatch(/starting|fetching|formatted|created database/);
  });

  it('refuses an unknown command and says what to type instead', async () => {
    await expect(stack('restart' as 'up')).rejects.toMatchObject({
      stderr: expect.stringMatching(/unknown command 'restart'[\s\S]*next step: use: scripts\/stack.sh up\|down\|status/),
    });
  });
});
