import type { Portal } from '#domain/kernel/portal';
import { sourceBlock } from '#domain/kernel/rate-counter';

/**
 * Lockout (*blocco temporaneo dell'account*, R10) as a pure state machine, kept per account and source address so
 * that a rival cannot lock a participant out from elsewhere just before M5.
 *
 * Events: `attempt` (before the password is checked: is this key locked?), `failure` (wrong password), `success`
 * (password and SMS code both right). Wrong SMS codes are not events here.
 */
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_MESSAGE =
  "L'account è stato temporaneamente bloccato per impedirne l'uso non autorizzato. Riprovare più tardi.";

const MINUTE_MS = 60_000;
/** Lockouts 1–10 last one minute (seed 002); later ones double from 2 minutes, capped at 5 hours. */
export const LOCKOUT_SHORT_COUNT = 10;
export const LOCKOUT_MAX_MS = 5 * 60 * MINUTE_MS;
/**
 * A key with no event for a day is forgotten (its failures and lockout count start again). The seeds reset only on
 * a successful login, but some horizon is needed so the table does not keep every address that ever mistyped;
 * a day is longer than any lockout, so the escalation holds for anyone who keeps trying.
 */
export const LOCKOUT_RETENTION_MS = 24 * 60 * MINUTE_MS;

export interface LockoutState {
  /** Consecutive wrong passwords since the last success, the last lockout, or a blank state. */
  failures: number;
  /** Lockouts since the last success: the next one lasts `lockoutDuration(lockouts + 1)`. */
  lockouts: number;
  /** End (exclusive) of the current or last lockout, epoch ms; null if never locked since the last reset. */
  lockedUntil: number | null;
  /** Last change, epoch ms. */
  updatedAt: number;
}

export type LockoutEvent = 'attempt' | 'failure' | 'success';

export type LockoutDecision =
  | { outcome: 'ALLOWED' }
  | { outcome: 'COUNTED'; failures: number }
  | { outcome: 'LOCKED'; lockedUntil: number; message: string; justLocked: boolean };

export interface LockoutStep {
  state: LockoutState;
  decision: LockoutDecision;
  /** False when the stored state need not be written (every `attempt`, refused failures). */
  changed: boolean;
}

/** Duration of the n-th lockout (1-based) since the last successful login. */
export function lockoutDuration(n: number): number {
  if (n <= LOCKOUT_SHORT_COUNT) return MINUTE_MS;
  const doublings = Math.min(n - LOCKOUT_SHORT_COUNT, 30);
  return Math.min(2 ** doublings * MINUTE_MS, LOCKOUT_MAX_MS);
}

export const blankLockout = (nowMs: number): LockoutState => ({
  failures: 0,
  lockouts: 0,
  lockedUntil: null,
  updatedAt: nowMs,
});

/** When the stored state may be deleted (e.g. a DynamoDB TTL, in epoch ms): a blank state right away. */
export function lockoutExpiresAt(state: LockoutState): number {
  if (state.failures === 0 && state.lockouts === 0) return state.updatedAt;
  return Math.max(state.updatedAt, state.lockedUntil ?? 0) + LOCKOUT_RETENTION_MS;
}

/** The state as the rules see it at `nowMs`: forgotten after the retention, whatever the storage has deleted yet. */
function current(state: LockoutState | undefined, nowMs: number): LockoutState {
  if (!state || nowMs >= lockoutExpiresAt(state)) return blankLockout(nowMs);
  return state;
}

const locked = (lockedUntil: number, justLocked: boolean): LockoutDecision => ({
  outcome: 'LOCKED',
  lockedUntil,
  message: LOCKOUT_MESSAGE,
  justLocked,
});

export function lockoutStep(stored: LockoutState | undefined, event: LockoutEvent, nowMs: number): LockoutStep {
  const state = current(stored, nowMs);
  const lockedNow = state.lockedUntil !== null && nowMs < state.lockedUntil;
  // A success proves both factors: it clears everything, even a lockout started meanwhile from this address.
  if (event === 'success') return { state: blankLockout(nowMs), decision: { outcome: 'ALLOWED' }, changed: true };
  // During a lockout nothing is counted and nothing is extended.
  if (lockedNow) return { state, decision: locked(state.lockedUntil as number, false), changed: false };
  if (event === 'attempt') return { state, decision: { outcome: 'ALLOWED' }, changed: false };

  const failures = state.failures + 1;
  if (failures < LOCKOUT_THRESHOLD) {
    return {
      state: { ...state, failures, updatedAt: nowMs },
      decision: { outcome: 'COUNTED', failures },
      changed: true,
    };
  }
  const lockouts = state.lockouts + 1;
  const lockedUntil = nowMs + lockoutDuration(lockouts);
  // The count restarts from zero now: the failures after this lockout ends are a new run of ten.
  return {
    state: { failures: 0, lockouts, lockedUntil, updatedAt: nowMs },
    decision: locked(lockedUntil, true),
    changed: true,
  };
}

/**
 * Storage key: portal, account (lower case, R21) and source address. IPv6 addresses count per /64, the block one
 * subscriber is normally given, so that cycling through one's own addresses does not give fresh counters.
 */
export function lockoutKey(portal: Portal, account: string, sourceAddress: string): string {
  return `LOCKOUT#${portal}#${account.trim().toLowerCase()}#${sourceBlock(sourceAddress)}`;
}

/** R10 against the store: the state machine applied per account and source block, with optimistic concurrency so that
 * parallel wrong passwords are all counted. */
const MAX_RACES = 8;

export async function applyLockout(
  store: LockoutStore,
  portal: Portal,
  account: string,
  sourceIp: string,
  event: LockoutEvent,
  now: Date,
): Promise<LockoutDecision> {
  const source = sourceBlock(sourceIp);
  for (let attempt = 0; attempt < MAX_RACES; attempt++) {
    const stored = await store.read(portal, account, source);
    const step = lockoutStep(stored?.value, event, now.getTime());
    if (!step.changed) return step.decision;
    const expiresAt = new Date(lockoutExpiresAt(step.state));
    if (await store.write(portal, account, source, step.state, stored?.version, expiresAt)) return step.decision;
  }
  // Every retry lost a race: the attempts are being counted by others at this very moment; refuse this one.
  throw new Error(`lockout: ${MAX_RACES} lost races on one key`);
}

/** A stored value with the version that guards the next write (optimistic concurrency). */
export interface Versioned<T> {
  value: T;
  version: number;
}

export interface LockoutStore {
  read(portal: Portal, account: string, source: string): Promise<Versioned<LockoutState> | undefined>;
  /**
   * Writes the next state if nobody wrote since `expectedVersion` (undefined: if absent). False on a lost race: the
   * caller reads again and recomputes. `expiresAt` lets DynamoDB TTL drop idle counters.
   */
  write(
    portal: Portal,
    account: string,
    source: string,
    state: LockoutState,
    expectedVersion: number | undefined,
    expiresAt: Date,
  ): Promise<boolean>;
  /** A successful login resets the account's counters from every source. */
  clear(portal: Portal, account: string): Promise<void>;
}
