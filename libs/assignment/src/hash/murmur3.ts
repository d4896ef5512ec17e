/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, SMHasher `MurmurHash3_x86_32`,
 * https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp, public domain).
 * It hashes bytes: strings are hashed as their UTF-8 encoding, so a gateway in any language
 * gets the same value from the same text.
 */

const c1 = 0xcc9e2d51;
const c2 = 0x1b873593;

/** Reused between calls: hashing is synchronous, and allocating per call costs more than hashing. */
let scratch = new Uint8Array(256);

/**
 * MurmurHash3_x86_32 of a byte array, as an unsigned 32-bit integer.
 * @example murmur3X86_32(new Uint8Array([]), 0) // 0
 */
export function murmur3X86_32(bytes: Uint8Array, seed: number, length = bytes.length): number {
  let h = seed >>> 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // The tail: the reference's fall-through switch over the last 1–3 bytes.
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks]!;
    if (tail > 1) k ^= bytes[blocks + 1]! << 8;
    if (tail > 2) k ^= bytes[blocks + 2]! << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= length;
  // fmix32
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Writes the UTF-8 encoding of `text` into the scratch buffer and returns its length in bytes.
 * Lone surrogates become U+FFFD, as WHATWG `TextEncoder` and most languages' encoders do.
 */
function encodeUtf8(text: string): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const out = scratch;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 0x3f);
          out[n++] = 0x80 | ((c >> 6) & 0x3f);
          out[n++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * MurmurHash3_x86_32 of the UTF-8 bytes of `text`.
 * @example murmur3Utf8('Hello, world!', 0x9747b28c) // 0x24884cba
 */
export function murmur3Utf8(text: string, seed: number): number {
  const length = encodeUtf8(text);
  return murmur3X86_32(scratch, seed, length);
}
