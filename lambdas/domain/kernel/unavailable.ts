/**
 * A backing service failed, throttled or could not be reached. Every port method may reject with it: nothing was
 * recorded and the caller may retry. Expected business outcomes (a claim already held, a send already recorded) are
 * returned as values, never thrown.
 */
export class Unavailable extends Error {
  override readonly name = 'Unavailable';
  constructor(
    /** What failed, for logs only (never shown to a user): `dynamodb:TransactWriteItems`. */
    readonly operation: string,
    /** Seconds a client should wait before retrying. */
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(`backing service unavailable: ${operation}`, options);
  }
}
