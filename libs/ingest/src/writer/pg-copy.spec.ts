import { describe, expect, it } from 'vitest';
import { copyField } from './pg-copy';

describe('copyField', () => {
  it.each([
    [null, '\\N'],
    [undefined, '\\N'],
    [12.5, '12.5'],
    [true, 'true'],
    ['koala', 'koala'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['{"fur":"a\\"b"}', '{"fur":"a\\\\"b"}'], // JSON's own escapes survive COPY's unescaping
  ])('writes %j as %j', (value, text) => {
    expect(copyField(value)).toBe(text);
  });
});
