/**
 * Values that broke, or could break, a JSON API: lone UTF-16 surrogates (issue 9), NUL, every
 * plane of Unicode, COPY's escapes, huge and tiny numbers, deep nesting. The fuzz generator mixes
 * them into valid examples and random JSON.
 */
export const EDGE_STRINGS = [
  '\ud800', '\udfff', 'koala\ud83d', '\udc28koala', '\u0000', 'nul\u0000inside', '🐨', 'e\u0301\u0302\u0303', '\u202eevil\u202c', '\ufeff',
  '\uffff\ufffe', '\u{10ffff}', 'קואלה كوالا', '\\N', '\\.', '\t\n\r\v\f', '"\'`', "'; DROP TABLE deployments; --", '%s%n%x', '../../etc/passwd',
  '__proto__', 'constructor', '', ' ', 'x'.repeat(10_000), '🐨'.repeat(3_000),
];

export const EDGE_NUMBERS = [
  1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-300, 0, -0, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1, 2 ** 64, 10_000, 10_001, -1, 0.5, 1.5,
];

/** JSON text no JSON.stringify can write: numbers beyond float64, and nesting deeper than any schema. */
export const EDGE_JSON_TEXTS = [
  '{"latencyMs":1e999999}', '[-1e999999]', '{"value":1e-999999}', '{"share":123456789012345678901234567890}', '{"a":-0.0e-0}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`,
  '{"unitId":"\\ud800"}', '{"model":"\\udc00\\ud800"}', '{"x":"\\u0000"}',
];

/** Nested arrays or objects `depth` levels deep around `leaf`. */
export function nested(depth: number, leaf: unknown, asObject: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asObject ? { a: value } : [value];
  return value;
}

/** Bytes that are not UTF-8 (a CESU-8 surrogate, a stray continuation byte) inside JSON. */
export const INVALID_UTF8_BODIES = [
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d]),
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
];

/** encodeURIComponent refuses a lone surrogate: percent-encode its CESU-8 bytes instead, as a careless client would. */
export function encodeAny(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => (/\p{Cs}/u.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}
