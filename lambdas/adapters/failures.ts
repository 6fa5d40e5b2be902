/**
 * AWS SDK errors, classified once. Throttling, server faults, timeouts and network failures become the domain's
 * `Unavailable` (→ 503 UNAVAILABLE with retry-after: nothing was recorded, try again); a conditional failure is the
 * caller's business outcome and is recognised with `isConditionalFailure`; anything else is a defect (wrong table
 * name, malformed request) and propagates unchanged to become a logged 500.
 */
import { Unavailable } from '#domain/kernel/unavailable';

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);
const SERVER = new Set([
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
/** Node socket errors and the SDK's own aborts: the service was never reached or never answered. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const NETWORK_IN_MESSAGE = new RegExp(`\\b(${[...NETWORK].join('|')})\\b`);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  errors?: unknown[];
}

/** True when the error means "the service is not answering properly right now", not "your request was wrong". */
export function isTransient(error: unknown): boolean {
  if (error instanceof Unavailable) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkErrorShape;
  if (e.name && (THROTTLING.has(e.name) || SERVER.has(e.name))) return true;
  if (e.code && NETWORK.has(e.code)) return true;
  // A socket error from another realm (a VM context, as under jest) reaches us re-wrapped by the SDK's retry layer
  // as `AWS SDK error wrapper for Error: connect ECONNREFUSED …`: only the message still names the cause.
  if (!e.$fault && error instanceof Error && NETWORK_IN_MESSAGE.test(error.message)) return true;
  if (e.$retryable) return true;
  if (e.$fault === 'server') return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  // Node's AggregateError (happy eyeballs: every address refused) wraps the socket errors.
  if (Array.isArray(e.errors) && e.errors.some(isTransient)) return true;
  return false;
}

/** True when the service refused the call for its rate (throttling), as opposed to being down. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING.has((error as SdkErrorShape | null)?.name ?? '');
}

export function isConditionalFailure(error: unknown): boolean {
  return (error as SdkErrorShape | null)?.name === 'ConditionalCheckFailedException';
}

/** Runs one SDK call; a transient failure becomes `Unavailable(operation)`, everything else passes through. */
export async function guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Unavailable) throw error;
    if (isTransient(error)) throw new Unavailable(operation, retryAfterFor(error), { cause: error });
    throw error;
  }
}

/**
 * Runs `call` again while the service throttles it, with jittered exponential pauses, until `deadlineMs` (epoch ms):
 * throttling delays the answer, never the request's own facts (a send keeps its arrival instant). A service that is
 * down, or a throttle past the deadline, propagates as `Unavailable` at once.
 */
export async function retryThrottled<T>(deadlineMs: number, call: () => Promise<T>, nowMs = Date.now): Promise<T> {
  for (let throttled = 0; ; throttled++) {
    try {
      return await call();
    } catch (error) {
      const pause = Math.min(1_000, 50 * 2 ** throttled) * (0.5 + Math.random() / 2);
      if (!(error instanceof Unavailable && isThrottling(error.cause))) throw error;
      if (nowMs() + pause >= deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Throttling deserves a slightly longer pause than a dropped connection. */
function retryAfterFor(error: unknown): number {
  const name = (error as SdkErrorShape).name ?? '';
  return THROTTLING.has(name) ? 2 : 1;
}
