/** Why the rollout library refused a call (a bug or bad configuration; domain outcomes are values). */
export type RolloutErrorCode =
  /** A strategy name the registry does not know. */
  'unknown_strategy';

/** The one error class of @modelgate/rollouts; not retriable: the same input fails the same way. */
export class RolloutError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: RolloutErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RolloutError';
  }
}
