/**
 * Send limits (R16: automated sending is forbidden, many people behind one office address are not). Fixed windows,
 * per account and per source address (IPv6 by /64).
 * - per account: REFUSED attempts (wrong answers, expired forms, closed phase…) on the shared atomic counter, read with
 *   the send's other data and written only when an attempt is refused. A person retypes a wrong answer a few times; a
 *   script hammering is stopped here. The one successful send of a token needs no counting: every later send is a
 *   replay. (Refusals racing in the same instant may all pass the read before any is counted: a burst can exceed the
 *   cap once per window, and is then refused.)
 * - per source: CONTRACT asks for at least 100 requests a second from one address; this allows 300, so an office
 *   sending for many companies passes, while one address flooding the counter is slowed down. Kept in the function's
 *   memory: on AWS the edge (WAF rate rules on the viewer address) limits sources across all instances.
 * Sends of an application already recorded are answered with their receipt before these checks (CONTRACT precedence)
 * and are never counted.
 */
import { sourceBlock } from '#domain/kernel/rate-counter';
import type { CounterDeps } from './ports.ts';
import { CounterRefusal, refuse } from './refusals.ts';

export const SEND_WINDOW_SECONDS = 10;
export const SENDS_PER_ACCOUNT = 20;
export const SENDS_PER_SOURCE = 3_000;
/** Name of the per-account counter in the shared rate-counter store. */
export const SEND_ACCOUNT_LIMIT_NAME = 'send-account-refused';

const ACCOUNT_MESSAGE =
  'Troppi invii non validi in pochi secondi da questo account: attendere qualche istante e riprovare. Gli invii automatici non sono consentiti.';
const SOURCE_MESSAGE = 'Troppe richieste da questa rete in pochi secondi: attendere qualche istante e riprovare.';

function untilWindowEnds(atMs: number): number {
  const seconds = Math.floor(atMs / 1000);
  return SEND_WINDOW_SECONDS - (seconds % SEND_WINDOW_SECONDS);
}

/**
 * Counts this attempt from its source and refuses with `RATE_LIMITED` (and the seconds left in the window) when the
 * account already had its share of refusals or the source passed its cap.
 */
export async function requireWithinLimits(
  deps: Pick<CounterDeps, 'sourceRates'>,
  refusedAttempts: number,
  sourceIp: string,
  atMs: number,
): Promise<void> {
  const bySource = await deps.sourceRates.hit(
    'send-source',
    sourceBlock(sourceIp),
    SEND_WINDOW_SECONDS,
    new Date(atMs),
  );
  if (refusedAttempts >= SENDS_PER_ACCOUNT) throw refuse.rateLimited(untilWindowEnds(atMs), ACCOUNT_MESSAGE);
  if (bySource > SENDS_PER_SOURCE) throw refuse.rateLimited(untilWindowEnds(atMs), SOURCE_MESSAGE);
}

/** Runs the checks of one attempt; a refusal (other than the limit itself) is counted against the account. */
export async function countingRefusals<T>(
  deps: Pick<CounterDeps, 'accountRates'>,
  sub: string,
  atMs: number,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof CounterRefusal && error.code !== 'RATE_LIMITED') {
      await deps.accountRates.hit(SEND_ACCOUNT_LIMIT_NAME, sub, SEND_WINDOW_SECONDS, new Date(atMs));
    }
    throw error;
  }
}
