/**
 * Ports: what the domain needs from storage, as small interfaces with no SDK types. One adapter class in
 * `lambdas/adapters/` implements each against DynamoDB; tests may implement them in memory.
 *
 * Every method may reject with `Unavailable` (a backing service failed or throttled; nothing was recorded, the caller
 * may retry). Expected business outcomes — a claim already held, a send already recorded — are returned as values,
 * never thrown.
 */
import type { Portal } from '#shared/resources';
import type { Axis, Region } from './geography.ts';
import type { Timetable, TimetableScope } from './timetable.ts';

/** A backing service failed, throttled or could not be reached; nothing was recorded. Becomes 503 UNAVAILABLE. */
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

// ---------------------------------------------------------------- applications (domande)

/** Application (*domanda*) as loaded by the operator; amounts in euro cents; e-mail/PEC stored lower-case. */
export interface ApplicationData {
  token: string;
  companyName: string;
  pec: string;
  region: Region;
  axis: Axis;
  requestedCents: number;
  projectCents: number;
  /** When the application was registered in the application procedure (*REGISTRA*), ISO 8601 with offset. */
  registeredAt: string;
  /** CCIAA registration date `YYYY-MM-DD`. */
  cciaaDate: string;
  legalityRating: boolean;
  workers: number;
}

/** The participant a token is bound to (R6: one participant per token, one token per participant). */
export interface ParticipantBinding {
  /** Cognito `sub` of the participant account. */
  sub: string;
  email: string;
  /** ISO instant of the binding. */
  boundAt: string;
}

export interface Application extends ApplicationData {
  participant?: ParticipantBinding;
  /** Arrival instant (ISO) of the recorded first send: the application is consumed. */
  sentAt?: string;
  receiptId?: string;
  annulment?: { reason: string; annulledAt: string };
}

export type BindOutcome = 'bound' | 'unknown' | 'taken' | 'sent' | 'annulled';
export type UnbindOutcome = 'unbound' | 'unknown' | 'sent' | 'not-bound';
export type AnnulOutcome = 'annulled' | 'unknown' | 'already-annulled';

export interface ApplicationStore {
  get(token: string): Promise<Application | undefined>;
  /** Applications whose primary PEC is `pec` (case-insensitive). */
  listByPec(pec: string): Promise<Application[]>;
  /** Every application (operator exports, list building, the administrator's view is by PEC instead). */
  listAll(): Promise<Application[]>;
  /**
   * Bulk import: writes each application's data; a token already present is updated only while it is neither bound
   * nor sent (its binding fields are never touched). Returns the tokens the condition refused.
   */
  importMany(applications: readonly ApplicationData[]): Promise<{ written: number; refused: string[] }>;
  /** Binds the participant only if the token is unbound (or already bound to the same `sub`), not sent, not annulled. */
  bindParticipant(token: string, participant: ParticipantBinding): Promise<BindOutcome>;
  /** Token reset: removes the binding unless the application was sent. With `sub`, only that participant's binding. */
  unbindParticipant(token: string, sub?: string): Promise<UnbindOutcome>;
  annul(token: string, reason: string, annulledAt: string): Promise<AnnulOutcome>;
}

// ---------------------------------------------------------------- uniqueness claims (R6)

/** The storage key of a uniqueness claim; build it with `claimKeys`. */
export type ClaimKey = string & { readonly __brand: 'ClaimKey' };

export const claimKeys = {
  /** The account's login address: the participant's e-mail or the administrator's PEC, per portal. */
  account: (portal: Portal, address: string) => `ACCOUNT#${portal}#${address.trim().toLowerCase()}` as ClaimKey,
  /** A verified phone number (E.164), per portal (an administrator acting as participant may reuse it). */
  phone: (portal: Portal, e164: string) => `PHONE#${portal}#${e164.trim()}` as ClaimKey,
  /** A token held by one participant registration (pending or confirmed). */
  token: (token: string) => `TOKEN#${token}` as ClaimKey,
};

export interface Claim {
  key: ClaimKey;
  /** Who holds it: a Cognito username/sub or a registration id. */
  owner: string;
  claimedAt: string;
  /** ISO instant after which an unconfirmed claim is free again (DynamoDB TTL deletes it later, lazily). */
  expiresAt?: string;
}

export type ClaimOutcome = { won: true } | { won: false; heldBy: string };

export interface ClaimStore {
  /**
   * Takes the claim if nobody holds it, its holder's expiry has passed, or `owner` already holds it (idempotent).
   * Without `expiresAt` the claim is permanent; with it, it lapses (unconfirmed registrations, 24 h).
   */
  claim(key: ClaimKey, owner: string, at: Date, expiresAt?: Date): Promise<ClaimOutcome>;
  /** Makes `owner`'s claim permanent (registration confirmed). False if `owner` does not hold it or it lapsed. */
  confirm(key: ClaimKey, owner: string, at: Date): Promise<boolean>;
  /** Frees the claim if `owner` holds it. False otherwise. */
  release(key: ClaimKey, owner: string): Promise<boolean>;
  /** The live claim (an expired one reads as absent). */
  get(key: ClaimKey, at: Date): Promise<Claim | undefined>;
}

// ---------------------------------------------------------------- sends (R15)

/** Receipt (*presa in carico*): what the participant keeps; `signature` is a compact JWS over the other three. */
export interface Receipt {
  receiptId: string;
  token: string;
  /** ISO 8601 UTC with milliseconds: the platform's arrival instant. */
  arrivalTime: string;
  signature: string;
}

/** The one record of a token's first valid send. */
export interface SendRecord extends Receipt {
  participantSub: string;
  region: Region;
  axis: Axis;
  /** Session id of the sending session (evidence for R19). */
  sessionId: string;
}

export type SendOutcome =
  | { kind: 'recorded'; receipt: Receipt }
  | { kind: 'already-sent'; receipt: Receipt }
  /** Nothing written: the application does not exist, is bound to someone else (or nobody), or is annulled. */
  | { kind: 'refused'; reason: 'unknown' | 'not-bound' | 'annulled' };

export interface SendLedger {
  /**
   * Exactly once: records the send and consumes the application in one transaction, or returns the original receipt
   * (never a second record, never a new time), or the refusal. `Unavailable` means nothing was recorded.
   */
  recordFirst(send: SendRecord): Promise<SendOutcome>;
  get(token: string): Promise<SendRecord | undefined>;
  listAll(): Promise<SendRecord[]>;
}

// ---------------------------------------------------------------- security (R10 lockout, R11 sessions, rate limits)

/**
 * Failure and lockout counters of one account from one source address (R10). Structurally the same as
 * `LockoutState` of `lockout.ts` (which computes it); instants are UTC epoch milliseconds.
 */
export interface LockoutState {
  failures: number;
  lockouts: number;
  lockedUntil: number | null;
  updatedAt: number;
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

/** The account's current session (R11): a newer login replaces it. */
export interface SessionRecord {
  sessionId: string;
  startedAt: string;
  lastSeenAt: string;
  sourceIp: string;
  /** `jti`s of the access tokens issued to this session (login and refreshes). */
  tokenIds: string[];
}

export interface SessionStore {
  current(portal: Portal, sub: string): Promise<SessionRecord | undefined>;
  /** Makes `session` the current one and returns the one it replaced (for overlap evidence). */
  start(portal: Portal, sub: string, session: SessionRecord): Promise<SessionRecord | undefined>;
  /** Adds a refreshed token's `jti` and the last-seen instant, only while `sessionId` is still current. */
  touch(portal: Portal, sub: string, sessionId: string, at: string, tokenId?: string): Promise<boolean>;
  /** Ends the session if it is still the current one (logout, reset). */
  end(portal: Portal, sub: string, sessionId?: string): Promise<void>;
}

export interface RateCounter {
  /**
   * Counts one hit of `subject` under the limit `name` in the fixed window containing `at`; returns the count so far
   * in that window (including this hit). Atomic: concurrent hits never lose a count.
   */
  hit(name: string, subject: string, windowSeconds: number, at: Date): Promise<number>;
}

// ---------------------------------------------------------------- audit (R20) and evidence (R11, R19)

export interface AuditEntry {
  /** What happened: `REGISTRATION`, `RESET`, `LOGIN`, `LOCKOUT`, `SESSION_OVERLAP`, `SEND`, `ANNULMENT`, … */
  kind: string;
  /** ISO instant of the event. */
  at: string;
  /** Who acted: an account, `operator`, `system`. */
  actor: string;
  /** What it concerns: a token, an account. */
  subject?: string;
  data?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  /** Unique, time-ordered id: `<at>#<random>`. */
  id: string;
}

export interface AuditLog {
  /** Appends an entry (never overwrites one). */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Appends rule evidence (session overlaps, …), listable by the operator; also kept in the day's trail. */
  appendEvidence(entry: AuditEntry): Promise<AuditRecord>;
  listEvidence(): Promise<AuditRecord[]>;
  /** The trail of one UTC day (`YYYY-MM-DD`), in time order. */
  listDay(day: string): Promise<AuditRecord[]>;
}

// ---------------------------------------------------------------- configuration

export type Edition = 'isi2024' | 'isi2012';

export interface Allocation {
  region: Region;
  axis: Axis;
  allocationCents: number;
}

export interface ScopedTimetable {
  scope: TimetableScope;
  timetable: Timetable;
}

export interface ConfigStore {
  /** Every timetable set, keyed by `scopeKey` (read strongly consistent: an operator's change applies at once). */
  timetables(): Promise<Map<string, Timetable>>;
  /** Only the timetables that could apply to this region/axis (most specific resolution is the domain's job). */
  timetablesFor(scopeKeys: readonly string[]): Promise<Map<string, Timetable>>;
  setTimetable(scope: TimetableScope, timetable: Timetable): Promise<void>;
  removeTimetable(scope: TimetableScope): Promise<void>;
  allocations(): Promise<Allocation[]>;
  /** Replaces the whole allocation table (import): rows not in `allocations` are removed. */
  replaceAllocations(allocations: readonly Allocation[]): Promise<void>;
  edition(): Promise<Edition | undefined>;
  setEdition(edition: Edition): Promise<void>;
}
