import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_ADMIN_KEY, parseConfig } from './config.schema';

describe('parseConfig', () => {
  it('gives every variable a default that points at the local stack', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBe('postgres://modelgate:modelgate@127.0.0.1:5432/modelgate');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.API_PORT).toBe(3000);
    expect(config.MODELGATE_ADMIN_KEY).toBeUndefined();
    expect(config.EVENT_RETENTION_DAYS).toBe(14);
  });

  it('coerces numbers and splits the broker list', () => {
    const config = parseConfig({ API_PORT: '8080', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.API_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it.each([
    ['API_PORT', 'eighty'],
    ['API_PORT', '70000'],
    ['KAFKA_BROKERS', 'broker-without-port'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_POOL_SIZE', '0'],
    ['EVENT_RETENTION_DAYS', '0'],
    ['EVENT_RETENTION_DAYS', '7.5'],
  ])('refuses %s=%s, naming the variable and its value', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(`${name}=${JSON.stringify(value)}`);
  });

  // Issue 9: a mistyped DATABASE_URL or MODELGATE_ADMIN_KEY landed its secret in the logs.
  it.each([
    ['DATABASE_URL', 'mysql://modelgate:hunter2-secret@db/modelgate', 'a URL starting with postgres:// or postgresql://'],
    ['DATABASE_URL', 'postgres//modelgate:hunter2-secret@db', 'a URL starting with postgres:// or postgresql://'],
    ['REDIS_URL', 'http://:hunter2-secret@cache:6379', 'a URL starting with redis:// or rediss://'],
    ['MODELGATE_ADMIN_KEY', 'hunter2-secret', 'at least 24 characters'],
  ])('refuses %s=%s naming the variable and the rule, never the secret', (name, value, rule) => {
    let message = '';
    try {
      parseConfig({ [name]: value });
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).toContain(`${name} (value hidden, it may hold a secret): ${rule}`);
    expect(message).not.toContain('hunter2');
  });

  it('lists every bad variable at once', () => {
    try {
      parseConfig({ API_PORT: 'x', REDIS_URL: 'y' });
      expect.unreachable('parseConfig accepted two bad variables');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => /^[A-Z_]+/.exec(p)?.[0])).toEqual(['REDIS_URL', 'API_PORT']);
    }
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://modelgate:s3cret-from-vault@db:5432/modelgate', MODELGATE_ADMIN_KEY: 'an-operator-chosen-key-0123456789' };

    it('starts on secrets of its own', () => {
      expect(parseConfig(production).NODE_ENV).toBe('production');
    });

    it.each([
      ['the default DATABASE_URL', { DATABASE_URL: undefined }, 'DATABASE_URL'],
      ['the local password in another DATABASE_URL', { DATABASE_URL: 'postgresql://app:modelgate@db.internal:5432/gate' }, 'DATABASE_URL'],
      ["the demo's admin key", { MODELGATE_ADMIN_KEY: DEMO_ADMIN_KEY }, 'MODELGATE_ADMIN_KEY'],
    ])('refuses %s, naming the variable but not the value', (_name, overrides, variable) => {
      let problems: string[] = [];
      try {
        parseConfig({ ...production, ...overrides });
      } catch (error) {
        problems = (error as ConfigError).problems;
      }
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${variable} \\(value hidden\\): NODE_ENV=production refuses`))]);
      expect(problems.join()).not.toMatch(/modelgate@|demo-admin-key/);
    });

    it('accepts the same local defaults outside production (the local stack, the demo)', () => {
      expect(parseConfig({ NODE_ENV: 'development', MODELGATE_ADMIN_KEY: DEMO_ADMIN_KEY }).DATABASE_URL).toContain(':modelgate@');
    });
  });
});
