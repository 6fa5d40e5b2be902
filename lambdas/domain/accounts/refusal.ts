/**
 * A use case's refusal: a CONTRACT error code with an optional Italian message, extras (`fields`, `phase`,
 * `lockedUntil`) and a retry-after. `lambdas/http/errors.ts` turns any Error carrying a CONTRACT `code` into the
 * HTTP answer, so the domain names the outcome without importing the HTTP layer.
 */
import { DomainRefusal } from '#domain/kernel/refusal';
export type RefusalCode =
  | 'VALIDATION'
  | 'PASSWORD_POLICY'
  | 'TOKEN_FORMAT'
  | 'UNAUTHENTICATED'
  | 'SESSION_SUPERSEDED'
  | 'BAD_CREDENTIALS'
  | 'EMAIL_NOT_CONFIRMED'
  | 'FORBIDDEN'
  | 'PHASE_CLOSED'
  | 'PEC_UNKNOWN'
  | 'TOKEN_UNKNOWN'
  | 'TOKEN_TAKEN'
  | 'EMAIL_TAKEN'
  | 'PHONE_TAKEN'
  | 'PEC_TAKEN'
  | 'NCD'
  | 'ALREADY_SENT'
  | 'NO_PARTICIPANT'
  | 'LOCKED'
  | 'RATE_LIMITED';

export class Refusal extends DomainRefusal<RefusalCode> {
  override readonly name = 'Refusal';
}

export interface FieldProblem {
  path: string;
  message: string;
}

export const refuse = {
  as: (code: RefusalCode, message?: string) => new Refusal(code, message),
  validation: (fields: FieldProblem[]) => new Refusal('VALIDATION', '', { fields }),
  /** Wrong password or code; `attemptsLeft` before a lockout, when it is worth saying (`error.attemptsLeft`). */
  badCredentials: (message: string, attemptsLeft?: number) =>
    new Refusal('BAD_CREDENTIALS', message, attemptsLeft === undefined ? undefined : { attemptsLeft }),
  phaseClosed: (phase: string, message?: string) => new Refusal('PHASE_CLOSED', message, { phase }),
  locked: (lockedUntilMs: number) => new Refusal('LOCKED', '', { lockedUntil: new Date(lockedUntilMs).toISOString() }),
  rateLimited: (retryAfterSeconds: number, message?: string) =>
    new Refusal('RATE_LIMITED', message, undefined, Math.max(1, Math.ceil(retryAfterSeconds))),
  /** The session was ended by the company administrator's token reset (R12): the portal says so. */
  tokenReset: () =>
    new Refusal(
      'UNAUTHENTICATED',
      "Il codice identificativo è stato annullato dall'amministratore dell'impresa: questo accesso non è più valido.",
      { reason: 'TOKEN_RESET' },
    ),
  /** The login `session` is unknown, expired or ended by wrong codes: start again from the password. */
  loginExpired: () =>
    new Refusal('UNAUTHENTICATED', "La procedura di accesso è scaduta o non è valida: effettuare di nuovo l'accesso."),
};
