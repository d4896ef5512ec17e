import { DEAD_LETTER_HEADERS } from '@modelgate/contracts';
import type { DeadLetter } from '@modelgate/ingest';
import type { IncomingMessage, OutgoingMessage } from '@modelgate/platform';

/**
 * The dead-letter record of a refused Kafka message: original key and bytes untouched (a tombstone
 * becomes an empty value), the reason, the field errors and where it came from.
 */
export function deadLetterMessage(
  deadLetter: DeadLetter<IncomingMessage>,
  source: { topic: string; partition: number },
): OutgoingMessage {
  return {
    key: deadLetter.source.key,
    value: deadLetter.source.value ?? Buffer.alloc(0),
    headers: {
      [DEAD_LETTER_HEADERS.reason]: deadLetter.reason,
      [DEAD_LETTER_HEADERS.errors]: JSON.stringify(deadLetter.errors),
      [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: deadLetter.source.offset,
    },
  };
}
