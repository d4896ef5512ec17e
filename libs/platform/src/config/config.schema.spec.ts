import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.schema';

describe('parseConfig', () => {
  it('gives every variable a default that points at the local stack', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBe('postgres://modelgate:modelgate@127.0.0.1:5432/modelgate');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.API_PORT).toBe(3000);
    expect(config.MODELGATE_ADMIN_KEY).toBeUndefined();
  });

  it('coerces numbers and splits the broker list', () => {
    const config = parseConfig({ API_PORT: '8080', KAFKA_BROKERS: 'a:1, b:2' });
    expect(config.API_PORT).toBe(8080);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it.each([
    ['API_PORT', 'eighty'],
    ['API_PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['REDIS_URL', 'not a url'],
    ['KAFKA_BROKERS', 'broker-without-port'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_POOL_SIZE', '0'],
    ['MODELGATE_ADMIN_KEY', 'short'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('lists every bad variable at once', () => {
    try {
      parseConfig({ API_PORT: 'x', REDIS_URL: 'y' });
      expect.unreachable('parseConfig accepted two bad variables');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split('=')[0])).toEqual(['REDIS_URL', 'API_PORT']);
    }
  });
});
