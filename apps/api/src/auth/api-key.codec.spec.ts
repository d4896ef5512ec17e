import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, keyPrefixOf } from './api-key.codec';
import { roleAllows } from './roles.decorator';

describe('API key codec', () => {
  it('hashes with SHA-256 (FIPS 180-2 test vector for "abc")', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes distinct 256-bit keys with a recognisable prefix', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^mg_[A-Za-z0-9_-]{43}$/);
      expect(keyPrefixOf(key)).toBe(key.slice(0, 11));
    }
  });
});

describe('roleAllows', () => {
  it.each([
    ['admin', [], true],
    ['operator', [], false],
    ['operator', ['operator'], true],
    ['service', ['operator', 'analyst'], false],
    ['gate', ['operator', 'analyst', 'gate'], true],
  ] as const)('%s on an endpoint admitting %j: %s', (role, allowed, expected) => {
    expect(roleAllows(role, allowed)).toBe(expected);
  });
});
