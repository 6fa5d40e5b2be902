/**
 * Send limits (R16: automated sending is forbidden, many people behind one office address are not). Fixed windows,
 * counted per account (on the shared atomic counter: every function instance sees the same count) and per source
 * address (IPv6 by /64).
 * - per account: a person clicks "Invia" a few times, retypes a wrong answer a few times; a script hammering sends
 *   dozens a second and is stopped here;
 * - per source: CONTRACT asks for at least 100 requests a second from one address; this allows 300, so an office
 *   sending for many companies passes, while a single address flooding the counter is slowed down. On AWS the edge
 *   (WAF rate rules on the viewer address) limits sources across all instances; this is each instance's backstop.
 * Sends of an application already recorded are answered with their receipt before these checks (CONTRACT precedence):
 * never refused, and not even counted when the function already knows the receipt. The count runs in parallel with
 * the send's reads (one round trip less); the decision is taken after the replay check.
 */
import { sourceBlock } from '../lockout.ts';
import type { CounterDeps } from './ports.ts';
import { refuse } from './refusals.ts';

export const SEND_WINDOW_SECONDS = 10;
export const SENDS_PER_ACCOUNT = 20;
export const SENDS_PER_SOURCE = 3_000;

const ACCOUNT_MESSAGE =
  'Troppi invii in pochi secondi da questo account: attendere qualche istante e riprovare. Gli invii automatici non sono consentiti.';
const SOURCE_MESSAGE = 'Troppe richieste da questa rete in pochi secondi: attendere qualche istante e riprovare.';

function untilWindowEnds(atMs: number): number {
  const seconds = Math.floor(atMs / 1000);
  return SEND_WINDOW_SECONDS - (seconds % SEND_WINDOW_SECONDS);
}

export interface SendAttempts {
  byAccount: number;
  bySource: number;
  atMs: number;
}

/** Counts one send attempt in the current windows (counting never refuses: see `requireWithinLimits`). */
export async function countSendAttempt(
  deps: Pick<CounterDeps, 'accountRates' | 'sourceRates'>,
  sub: string,
  sourceIp: string,
  atMs: number,
): Promise<SendAttempts> {
  const at = new Date(atMs);
  const [byAccount, bySource] = await Promise.all([
    deps.accountRates.hit('send-account', sub, SEND_WINDOW_SECONDS, at),
    deps.sourceRates.hit('send-source', sourceBlock(sourceIp), SEND_WINDOW_SECONDS, at),
  ]);
  return { byAccount, bySource, atMs };
}

/** `RATE_LIMITED`, with the seconds left in the window, when a cap is passed. */
export function requireWithinLimits({ byAccount, bySource, atMs }: SendAttempts): void {
  if (byAccount > SENDS_PER_ACCOUNT) throw refuse.rateLimited(untilWindowEnds(atMs), ACCOUNT_MESSAGE);
  if (bySource > SENDS_PER_SOURCE) throw refuse.rateLimited(untilWindowEnds(atMs), SOURCE_MESSAGE);
}
