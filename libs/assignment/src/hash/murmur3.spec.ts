import { x86 } from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { murmur3Utf8, murmur3X86_32 } from './murmur3';

// Published MurmurHash3_x86_32 vectors (SMHasher reference, as collected in
// https://stackoverflow.com/a/31929528 "MurmurHash3 test vectors").
const vectors: [string, number, number][] = [
  ['', 0, 0],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['\0\0\0\0', 0, 0x2362f9de],
  ['aaaa', 0x9747b28c, 0x5a97808a],
  ['aaa', 0x9747b28c, 0x283e0130],
  ['aa', 0x9747b28c, 0x5d211726],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['ab', 0x9747b28c, 0x74875592],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['a'.repeat(256), 0x9747b28c, 0x37405bdc],
  ['abc', 0, 0xb3dd93fa],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 0, 0xee925b90],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
];

describe('murmur3Utf8', () => {
  it.each(vectors)('hashes %j with seed %d to the published value', (text, seed, expected) => {
    expect(murmur3Utf8(text, seed)).toBe(expected);
  });

  it('agrees with an independent byte-array implementation on random Unicode strings', () => {
    const encoder = new TextEncoder();
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 2000; n++) {
      const chars: string[] = [];
      const len = next() % 40;
      // Mix ASCII, 2-byte, 3-byte and astral code points, and the odd lone surrogate.
      for (let i = 0; i < len; i++) {
        const kind = next() % 5;
        if (kind === 0) chars.push(String.fromCharCode(0x20 + (next() % 95)));
        else if (kind === 1) chars.push(String.fromCharCode(0x80 + (next() % 0x780)));
        else if (kind === 2) chars.push(String.fromCharCode(0x800 + (next() % 0xd000)));
        else if (kind === 3) chars.push(String.fromCodePoint(0x10000 + (next() % 0xfffff)));
        else chars.push(String.fromCharCode(0xd800 + (next() % 0x800)));
      }
      const text = chars.join('');
      const seed = next();
      expect(murmur3Utf8(text, seed)).toBe(x86.hash32(encoder.encode(text), seed));
    }
  });

  it('hashes a byte array and its prefix consistently', () => {
    const bytes = new TextEncoder().encode('Hello, world!xyz');
    expect(murmur3X86_32(bytes, 0x9747b28c, 13)).toBe(0x24884cba);
  });
});
