/** The topics ModelGate reads and writes; names are fixed by the design, partitions by configuration. */
export const TOPICS = {
  predictions: 'modelgate.predictions',
  outcomes: 'modelgate.outcomes',
  decisions: 'modelgate.decisions',
  deadLetters: 'modelgate.dead-letters',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
