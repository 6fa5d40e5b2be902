/**
 * A use case's refusal: an expected outcome with its CONTRACT error code (`PHASE_CLOSED`, `TOKEN_TAKEN`, …), an
 * optional Italian message and the extra fields CONTRACT puts inside `error`. The HTTP layer maps any error carrying a
 * CONTRACT code to its status once (`toApiError` in lambdas/http/errors.ts); each bounded context narrows `C`.
 */
export class DomainRefusal<C extends string> extends Error {
  constructor(
    readonly code: C,
    message = '',
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
