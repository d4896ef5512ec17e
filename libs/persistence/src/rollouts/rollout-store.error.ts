/** Why a rollout operation was refused; the api maps each code to one HTTP status. */
export type RolloutStoreErrorCode =
  /** No such deployment (404). */
  | 'not_found'
  /** The command does not apply in the deployment's phase (409). */
  | 'invalid_transition'
  /** The candidate was rolled back before (409, unless `allowRejected`). */
  | 'rejected_version';

/** The one error class of the rollout store: domain refusals, with a message that says what to do next. */
export class RolloutStoreError extends Error {
  constructor(
    readonly code: RolloutStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RolloutStoreError';
  }
}
