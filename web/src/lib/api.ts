/**
 * The portals' only way to the back end: the CONTRACT HTTP API on the same origin under `/api`. An answer that is not
 * 2xx becomes an `ApiFailure` carrying the API's own Italian `error.message` and its extra fields (`fields`, `phase`,
 * `lockedUntil`, and the additions the portals already read when present: `attemptsLeft` on BAD_CREDENTIALS,
 * `reason: "TOKEN_RESET"` on UNAUTHENTICATED); expected refusals are shown on the page, never thrown at the console.
 */
import { count } from '#domain/kernel/plural';
export interface FieldProblem {
  path: string;
  message: string;
}

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  fields?: FieldProblem[];
  phase?: string;
  lockedUntil?: string;
  /** Wrong passwords left before a lockout (R10), when 3 or fewer remain. */
  attemptsLeft?: number;
  /** Why an authenticated request was refused: `TOKEN_RESET` when the company administrator reset the token. */
  reason?: string;
  retryAfterSeconds?: number;
  /** The answer's `Date` header, epoch ms (1 s resolution): the server's clock for a lockout countdown. */
  serverDateMs?: number;
}

export class ApiFailure extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.message);
    this.name = 'ApiFailure';
  }
}

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

const NETWORK_MESSAGE =
  'Il servizio non è raggiungibile in questo momento: verificare la connessione e riprovare tra qualche secondo.';

function fallbackMessage(status: number): string {
  if (status === 429) return 'Troppe richieste in poco tempo: attendere qualche secondo e riprovare.';
  if (status >= 500) {
    return 'Il servizio è temporaneamente non disponibile: riprovare. Un invio già registrato resta valido e la sua ricevuta viene mostrata al nuovo tentativo.';
  }
  return 'La richiesta non è andata a buon fine.';
}

function problemOf(status: number, headers: Headers, body: unknown): ApiProblem {
  const error = (body as { error?: Partial<ApiProblem> } | null)?.error;
  const retry = Number(headers.get('retry-after'));
  const date = Date.parse(headers.get('date') ?? '');
  return {
    status,
    code: typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
    message: typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(status),
    ...(Array.isArray(error?.fields) ? { fields: error.fields } : {}),
    ...(typeof error?.phase === 'string' ? { phase: error.phase } : {}),
    ...(typeof error?.lockedUntil === 'string' ? { lockedUntil: error.lockedUntil } : {}),
    ...(Number.isInteger(error?.attemptsLeft) ? { attemptsLeft: error?.attemptsLeft as number } : {}),
    ...(typeof error?.reason === 'string' ? { reason: error.reason } : {}),
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfterSeconds: retry } : {}),
    ...(Number.isFinite(date) ? { serverDateMs: date } : {}),
  };
}

/**
 * `path` without the `/api` prefix, as CONTRACT writes routes; `options.public` for a file of the public site that
 * the API names by its full path (a published list, `/lists/…`).
 */
export async function call<T = unknown>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; accessToken?: string; public?: boolean } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  let response: Response;
  try {
    response = await send(options.public ? path : `/api${path}`, {
      method,
      headers,
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiFailure({ status: 0, code: 'NETWORK', message: NETWORK_MESSAGE });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiFailure(problemOf(response.status, response.headers, body));
  return { status: response.status, headers: response.headers, body: body as T };
}

/**
 * `fetch`, or the AWS WAF integration's when the page loaded it (site configuration `waf`): it answers the WAF's
 * silent challenge on the counter and login routes by itself and adds its token to the request.
 */
function send(input: string, init: RequestInit): Promise<Response> {
  const waf = (globalThis as { AwsWafIntegration?: { fetch(i: string, r: RequestInit): Promise<Response> } })
    .AwsWafIntegration;
  return waf ? waf.fetch(input, init) : fetch(input, init);
}

/** The Italian message of any failure, for an alert. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) {
    const retry = error.problem.retryAfterSeconds;
    return retry && !/second[oi]/.test(error.problem.message)
      ? `${error.problem.message} (riprovare tra ${count(retry, 'secondo', 'secondi')})`
      : error.problem.message;
  }
  return 'Si è verificato un errore imprevisto nella pagina: aggiornarla e riprovare.';
}
