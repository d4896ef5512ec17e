import { decodeEvent } from '@modelgate/contracts';
import { describe, expect, it } from 'vitest';
import { deadLetterMessage } from './dead-letter.message';

describe('deadLetterMessage', () => {
  it('keeps the original bytes and says why and where from', () => {
    const value = Buffer.from([0x7b, 0xff, 0x7d]); // not UTF-8
    const parsed = decodeEvent(value);
    if (parsed.ok) throw new Error('expected a refusal');
    const source = { offset: '41', key: Buffer.from('req-7'), value, timestamp: '0', headers: {} };
    const sut = deadLetterMessage({ source, reason: parsed.reason, errors: parsed.errors }, { topic: 'modelgate.predictions', partition: 2 });
    expect(sut.value).toEqual(Buffer.from([0x7b, 0xff, 0x7d]));
    expect(sut.key).toEqual(Buffer.from('req-7'));
    expect(sut.headers).toMatchObject({
      'modelgate-reason': 'bad-json',
      'modelgate-source-topic': 'modelgate.predictions',
      'modelgate-source-partition': '2',
      'modelgate-source-offset': '41',
    });
    expect(JSON.parse(sut.headers!['modelgate-errors']!)).toHaveLength(1);
  });
});
