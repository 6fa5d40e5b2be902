/**
 * The identity provider's own lockout, kept out of rivals' reach (R10; docs/accounts.md "What protects what").
 *
 * Cognito locks a user after five wrong passwords from any source — 1 s, doubling with each further one up to about
 * 15 minutes — and refuses even the right password meanwhile; every wrong password the product forwards counts there.
 * R10's own lockout is per account and source, so a rival with a few addresses could keep the owner out through the
 * provider's. Therefore:
 * - a source the account has proved itself from (a completed login, its e-mail code confirmed, a new password set with
 *   the e-mailed code) is *known*: its attempts are always forwarded, and R10's lockout per source applies;
 * - from the other sources, at most UNKNOWN_SOURCE_ATTEMPTS attempts are forwarded until the account's next completed
 *   login; past that the product refuses by itself, without asking the provider. Four can never lock the account at the
 *   provider (it takes five), so the owner at a known source is never refused for others' failures;
 * - the provider's lockout is predicted from the failures forwarded (2^(n-5) s after the n-th): an attempt inside it is
 *   refused with the seconds left, without a call.
 * Unknown e-mail addresses are counted exactly like real ones: the answers never tell them apart.
 */
import type { Portal } from '#domain/kernel/portal';
import { sourceBlock } from '#domain/kernel/rate-counter';
import { refuse } from './refusal.ts';

/** Attempts forwarded from sources the account never proved itself from, until its next completed login. */
export const UNKNOWN_SOURCE_ATTEMPTS = 4;
/** The provider's rule: free failures, then 2^(n-5) s, at most about 15 minutes; 15 quiet minutes reset it. */
export const PROVIDER_FREE_FAILURES = 5;
export const PROVIDER_MAX_LOCKOUT_MS = 15 * 60_000;
export const PROVIDER_QUIET_RESET_MS = 15 * 60_000;
/** A known source is remembered this long after it was last proved (an edition's registration to its click day). */
export const KNOWN_SOURCE_MS = 180 * 86_400_000;
/** The counts are kept this long after their last change (docs/accounts.md: the residual risk of forgetting them). */
export const GUARD_RETENTION_MS = 30 * 86_400_000;

export const UNKNOWN_SOURCE_MESSAGE =
  'Per proteggere l\'account, dopo alcuni tentativi non riusciti l\'accesso da reti mai usate prima con questo account è sospeso. Accedere dalla rete usata per la registrazione o per un accesso precedente, oppure impostare una nuova password con "Password dimenticata": la rete da cui la si imposta viene riconosciuta.';
const PROVIDER_LOCKED_MESSAGE = 'Troppi tentativi di accesso con password errata: attendere e riprovare.';

/** What the provider has seen since the account's last completed login: wrong passwords, the last one when. */
export interface ProviderFailures {
  failures: number;
  lastFailureAt: number;
}

export interface SignInGuardStore {
  isKnown(portal: Portal, account: string, source: string): Promise<boolean>;
  remember(portal: Portal, account: string, source: string, until: Date): Promise<void>;
  /** Atomically counts one attempt from an unknown source; false, counting nothing, once `max` are counted. */
  reserveUnknown(portal: Portal, account: string, max: number, expiresAt: Date): Promise<boolean>;
  /**
   * Counts a wrong password the provider saw (`restart`: as the first of a new count); returns the count and instant
   * after this one.
   */
  countFailure(portal: Portal, account: string, at: Date, expiresAt: Date, restart: boolean): Promise<ProviderFailures>;
  failures(portal: Portal, account: string): Promise<ProviderFailures | undefined>;
  /** A completed login: the provider's count is back to zero and the unknown sources' allowance restored. */
  clear(portal: Portal, account: string): Promise<void>;
}

/** The provider's count as it stands at `nowMs`: back to zero after 15 quiet minutes following a lockout. */
function providerCount(seen: ProviderFailures | undefined, nowMs: number): number {
  if (!seen) return 0;
  const quiet = seen.failures >= PROVIDER_FREE_FAILURES && nowMs - seen.lastFailureAt >= PROVIDER_QUIET_RESET_MS;
  return quiet ? 0 : seen.failures;
}

/** Milliseconds the provider still refuses this account's passwords, by its rule, after `seen`. */
export function providerLockoutLeft(seen: ProviderFailures | undefined, nowMs: number): number {
  const failures = providerCount(seen, nowMs);
  if (!seen || failures < PROVIDER_FREE_FAILURES) return 0;
  const lock = Math.min(2 ** (failures - PROVIDER_FREE_FAILURES) * 1000, PROVIDER_MAX_LOCKOUT_MS);
  return Math.max(0, seen.lastFailureAt + lock - nowMs);
}

/**
 * Before the password goes to the provider. Primary course: 1. refuse while the provider's lockout runs (predicted);
 * 2. a known source passes; 3. an unknown one passes while it has an attempt left (counted now), else is refused.
 */
export async function admitPasswordAttempt(
  store: SignInGuardStore,
  portal: Portal,
  account: string,
  sourceIp: string,
  now: Date,
): Promise<void> {
  await requireProviderUnlocked(store, portal, account, now);
  if (await store.isKnown(portal, account, sourceBlock(sourceIp))) return;
  const expiresAt = new Date(now.getTime() + GUARD_RETENTION_MS);
  if (!(await store.reserveUnknown(portal, account, UNKNOWN_SOURCE_ATTEMPTS, expiresAt))) {
    throw refuse.rateLimited(PROVIDER_MAX_LOCKOUT_MS / 1000, UNKNOWN_SOURCE_MESSAGE);
  }
}

/** `RATE_LIMITED` with the seconds left while the provider's lockout runs (also when the provider said so itself). */
export async function requireProviderUnlocked(store: SignInGuardStore, portal: Portal, account: string, now: Date) {
  const left = providerLockoutLeft(await store.failures(portal, account), now.getTime());
  if (left > 0) throw refuse.rateLimited(left / 1000, PROVIDER_LOCKED_MESSAGE);
}

/** The provider refused even to check the password: its lockout runs, for at least a second more. */
export async function providerLocked(store: SignInGuardStore, portal: Portal, account: string, now: Date) {
  await requireProviderUnlocked(store, portal, account, now);
  throw refuse.rateLimited(1, PROVIDER_LOCKED_MESSAGE);
}

export async function countProviderFailure(store: SignInGuardStore, portal: Portal, account: string, now: Date) {
  const seen = await store.failures(portal, account);
  const restart = seen !== undefined && providerCount(seen, now.getTime()) === 0;
  return store.countFailure(portal, account, now, new Date(now.getTime() + GUARD_RETENTION_MS), restart);
}

/** The source proved the account's owner is there (login completed, e-mail code, new password): known from now. */
export function rememberSource(store: SignInGuardStore, portal: Portal, account: string, sourceIp: string, now: Date) {
  return store.remember(portal, account, sourceBlock(sourceIp), new Date(now.getTime() + KNOWN_SOURCE_MS));
}
