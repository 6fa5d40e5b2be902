/**
 * The CONTRACT error table as data, and the one error type that becomes an HTTP answer. Domain outcomes are turned
 * into these here and in `http.ts`, once — handlers never build error responses themselves.
 * Every message is Italian, addressed to the user, and says what to do; extra fields go inside `error`.
 */
import { BODY_TOO_LARGE_MESSAGE } from '#catalogue/routes';
import { LOCKOUT_MESSAGE } from '#domain/accounts/lockout';
import { Unavailable } from '#domain/kernel/unavailable';

export const ERRORS = {
  VALIDATION: { status: 400, message: 'Alcuni dati inviati non sono validi: correggere i campi indicati.' },
  PASSWORD_POLICY: { status: 400, message: 'La password non rispetta i requisiti richiesti.' },
  TOKEN_FORMAT: {
    status: 400,
    message:
      'Il codice identificativo non è nel formato corretto: 65 caratteri, il segno + o - seguito da 64 cifre 0-9 o lettere a-f minuscole.',
  },
  UNAUTHENTICATED: { status: 401, message: "Accesso richiesto o scaduto: effettuare di nuovo l'accesso." },
  SESSION_SUPERSEDED: {
    status: 401,
    message: 'La sessione è stata chiusa perché è stato effettuato un nuovo accesso con le stesse credenziali.',
  },
  BAD_CREDENTIALS: { status: 401, message: 'Credenziali o codice di verifica non corretti.' },
  EMAIL_NOT_CONFIRMED: {
    status: 403,
    message: "L'indirizzo e-mail non è ancora stato confermato: inserire il codice di verifica ricevuto.",
  },
  FORBIDDEN: { status: 403, message: 'Operazione non consentita per questo account.' },
  PHASE_CLOSED: { status: 403, message: 'Operazione non disponibile in questa fase del calendario dello sportello.' },
  PEC_UNKNOWN: { status: 403, message: 'La PEC indicata non è la PEC principale di alcuna domanda.' },
  TOKEN_UNKNOWN: { status: 404, message: 'Nessuna domanda corrisponde al codice identificativo indicato.' },
  NOT_FOUND: { status: 404, message: 'La risorsa richiesta non esiste.' },
  TOKEN_TAKEN: { status: 409, message: 'Il codice identificativo è già associato a un altro partecipante.' },
  EMAIL_TAKEN: { status: 409, message: "L'indirizzo e-mail è già utilizzato per un'altra registrazione." },
  PHONE_TAKEN: {
    status: 409,
    message: "Il numero di telefono è già utilizzato per un'altra registrazione su questo portale.",
  },
  PEC_TAKEN: { status: 409, message: "La PEC è già utilizzata per un'altra registrazione." },
  NCD: {
    status: 409,
    message: 'La domanda è in un elenco NCD (senza click day): è ammessa direttamente e non partecipa allo sportello.',
  },
  ALREADY_SENT: { status: 409, message: 'Reset non consentito: la domanda è già stata inviata.' },
  NO_PARTICIPANT: {
    status: 409,
    message: 'Reset non consentito: nessun partecipante è registrato con questo codice identificativo.',
  },
  TOKEN_CONSUMED: { status: 410, message: 'Invio non consentito: la domanda è annullata o in un elenco NCD.' },
  WRONG_ANSWER: {
    status: 422,
    message: 'Le risposte non corrispondono ai caratteri richiesti del codice identificativo.',
  },
  FORM_EXPIRED: { status: 422, message: 'Il modulo non è più valido: ricaricare la pagina per ottenerne uno nuovo.' },
  LOCKED: { status: 423, message: LOCKOUT_MESSAGE },
  RATE_LIMITED: { status: 429, message: 'Troppe richieste in poco tempo: attendere qualche istante e riprovare.' },
  /** Not in CONTRACT's table (it lists no 5xx but 503): the answer to a defect, never with details. */
  INTERNAL: { status: 500, message: 'Si è verificato un errore imprevisto. Riprovare più tardi.' },
  UNAVAILABLE: {
    status: 503,
    message: 'Il servizio è momentaneamente non disponibile e nulla è stato registrato: riprovare tra qualche istante.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldProblem {
  /** Dotted path inside the body or query (`answers.c1`, `items.0.email`); empty for the whole body. */
  path: string;
  message: string;
}

export interface ApiErrorOptions {
  message?: string;
  /** Another status than the code's own (413 for a body too large, answered as a VALIDATION error). */
  status?: number;
  /** Fields placed inside `error` next to `code` and `message` (`fields`, `phase`, `lockedUntil`). */
  extra?: Record<string, unknown>;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** An error the client is told about: status and code from the CONTRACT table, message in Italian. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  /** Only client errors say what went wrong; a 5xx says nothing beyond its generic message. */
  readonly expose: boolean;
  readonly extra: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    options: ApiErrorOptions = {},
  ) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause });
    this.statusCode = options.status ?? ERRORS[code].status;
    this.expose = this.statusCode < 500;
    this.extra = options.extra ?? {};
    const retry = options.retryAfterSeconds ?? (this.statusCode === 429 || this.statusCode === 503 ? 1 : undefined);
    this.retryAfterSeconds = retry === undefined ? undefined : Math.max(1, Math.ceil(retry));
  }

  /** The CONTRACT body: `{"error":{code, message, …extra}}`; a 5xx never carries extras. */
  toBody(): { error: Record<string, unknown> } {
    const message = this.expose ? this.message : ERRORS[this.code].message;
    return { error: { ...(this.expose ? this.extra : {}), code: this.code, message } };
  }
}

/** One helper per code that carries extras, and a generic one: `throw fail.phaseClosed('WAITING_ROOM')`. */
export const fail = {
  code: (code: ErrorCode, options?: ApiErrorOptions) => new ApiError(code, options),
  validation: (fields: FieldProblem[]) => new ApiError('VALIDATION', { extra: { fields } }),
  tokenFormat: (message: string) => new ApiError('TOKEN_FORMAT', { message }),
  passwordPolicy: (message: string) => new ApiError('PASSWORD_POLICY', { message }),
  phaseClosed: (phase: string, message?: string) =>
    new ApiError('PHASE_CLOSED', { extra: { phase }, ...(message ? { message } : {}) }),
  locked: (lockedUntil: string) => new ApiError('LOCKED', { extra: { lockedUntil } }),
  rateLimited: (retryAfterSeconds: number) => new ApiError('RATE_LIMITED', { retryAfterSeconds }),
  unavailable: (retryAfterSeconds = 1, cause?: unknown) => new ApiError('UNAVAILABLE', { retryAfterSeconds, cause }),
  tooLarge: () => new ApiError('VALIDATION', { status: 413, message: BODY_TOO_LARGE_MESSAGE }),
  unauthenticated: (message?: string) => new ApiError('UNAUTHENTICATED', message ? { message } : {}),
  forbidden: (message?: string) => new ApiError('FORBIDDEN', message ? { message } : {}),
  notFound: (message?: string) => new ApiError('NOT_FOUND', message ? { message } : {}),
  internal: (cause?: unknown) => new ApiError('INTERNAL', { cause }),
};

/**
 * Anything thrown → the ApiError to answer with. Besides ApiError and `Unavailable`, a domain module may throw its
 * own Error subclass carrying `code` (a CONTRACT code), optional `details` (extras) and `retryAfterSeconds`, without
 * importing this file. Everything else is a defect: 500 INTERNAL.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Unavailable) return fail.unavailable(error.retryAfterSeconds, error);
  if (error instanceof Error && isErrorCode((error as { code?: unknown }).code)) {
    const { code, details, retryAfterSeconds } = error as Error & {
      code: ErrorCode;
      details?: Record<string, unknown>;
      retryAfterSeconds?: number;
    };
    return new ApiError(code, {
      ...(error.message ? { message: error.message } : {}),
      ...(details ? { extra: details } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      cause: error,
    });
  }
  return fail.internal(error);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}
