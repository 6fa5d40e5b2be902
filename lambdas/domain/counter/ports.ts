/**
 * Ports of the counter (*sportello*) use cases (R13–R16). Each is a small interface implemented by one adapter in
 * `lambdas/adapters/`; tests use fakes.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import type { Application } from '#domain/kernel/application';
import type { RateCounter } from '#domain/kernel/rate-counter';
import type { ReceiptClaims, SendLedger } from './ledger.ts';
import type { SessionRecord, SessionStore } from '#domain/accounts/session';
import type { RecordedSend } from './send-event.ts';
import type { Timetable } from '#domain/kernel/timetable';
import type { SentReceipts } from './send.ts';
import type { Jwks } from './signing.ts';
import type { ReceiptLogProof } from '#domain/transparency/receipt-proof';

/**
 * Signs receipts with the certified receipt key (`signing.ts`) and publishes the verifying keys. `sign` answers `null`
 * while the receipt key has no certificate yet (the root key's service is unreachable): the caller's record stands and
 * the signature follows once the certificate is made. It never calls a remote service per receipt.
 */
export interface ReceiptSigner {
  /** `wait`: try to make a missing certificate now (the receipt page); otherwise only in the background. */
  sign(claims: ReceiptClaims, options?: { wait?: boolean }): Promise<string | null>;
  jwks(): Promise<Jwks>;
}

/** Announces a recorded first send on `sends.fifo`. May reject: the record stands, the reconciler republishes. */
export interface SendEvents {
  publish(send: RecordedSend): Promise<void>;
}

/** The application a participant is bound to: its token and list. Neither changes while it is bound. */
export interface BoundApplication {
  token: string;
  region: Region;
  axis: Axis;
}

/** Which application a participant account is bound to (R6: a participant holds exactly one token). */
export interface ParticipantApplications {
  /** The application bound to `sub`, or undefined when the account holds none. */
  applicationOf(sub: string): Promise<BoundApplication | undefined>;
}

/** What the operator configured for one list, read fresh on every request (no stale cache, CONTRACT "Operator CLI"). */
export interface CounterSettings {
  /** The most specific timetable for the list's region and axis (R2b), or null when none is set. */
  timetable: Timetable | null;
  /** The list's allocation, when imported (R17c needs it). */
  allocationCents: number | undefined;
  /** The list's NCD decision once frozen (R22a); until then the live rule decides (R17c). */
  ncd?: boolean | undefined;
}

export interface CounterConfig {
  settingsFor(region: Region, axis: Axis): Promise<CounterSettings>;
  /** The global timetable (a participant without an application still sees the practice page on time). */
  globalTimetable(): Promise<Timetable | null>;
}

/** What one send decides on, read together at the request's arrival. */
export interface SendSnapshot {
  /** The caller's current session (R11), checked before anything else is decided. */
  session: SessionRecord | undefined;
  /** The application item (strongly consistent): binding, consumption, annulment. */
  application: Application | undefined;
  settings: CounterSettings;
  /** Refused send attempts of the caller in the current per-account window. */
  refusedAttempts: number;
}

/** What the send form decides on, read together. */
export interface FormSnapshot {
  session: SessionRecord | undefined;
  settings: CounterSettings;
}

/** The counter's batched reads: each is ONE request, the caller's session included (the click-day hot path). */
export interface CounterReads {
  /** A throttled read is tried again until `deadlineMs` (epoch ms): the send keeps its arrival instant. */
  forSend(bound: BoundApplication, sub: string, atMs: number, deadlineMs?: number): Promise<SendSnapshot>;
  forForm(bound: BoundApplication, sub: string): Promise<FormSnapshot>;
}

/** R17c: the total requested by the applications of a list (sent or not), which decides whether it is NCD. */
export interface ListTotals {
  requestedCents(region: Region, axis: Axis): Promise<number>;
}

/**
 * Who calls a counter route: an access token already verified (signature, issuer, client, expiry) whose session is
 * not yet checked — the counter checks it with its own batched read (`admission.ts`), before deciding anything else.
 */
export interface CounterCaller {
  sub: string;
  /** The access token's `jti`: it must belong to the account's current session. */
  tokenId: string;
}

/** The admitted participant: account and current session (R11), after the session check. */
export interface Participant {
  sub: string;
  sessionId: string;
}

/** What the platform knows about one request, independent of HTTP. */
export interface Arrival {
  /** The platform's arrival instant (API Gateway `requestTimeEpoch`), UTC epoch milliseconds. */
  atMs: number;
  /** The caller's address as the platform sees it. */
  sourceIp: string;
  /** Until when (epoch ms) the request may keep trying a throttled write before answering 503; default: 10 s on. */
  deadlineMs?: number;
}

/**
 * The `formId` HMAC key, read once per warm function: `current` once loaded, `load` (a secret read) until then — and
 * again after a failed load.
 */
export interface FormKey {
  current?: Uint8Array;
  load(): Promise<Uint8Array>;
}

/** Logs an operational problem that the user does not see (no personal data). */
export interface CounterLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface CounterDeps {
  /** Current sessions of participant accounts (R11): read alone where no batch is made, touched once a minute. */
  sessions: Pick<SessionStore, 'current' | 'touch'>;
  participants: ParticipantApplications;
  config: CounterConfig;
  reads: CounterReads;
  listTotals: ListTotals;
  sends: SendLedger;
  /** Receipts this function already knows were recorded: a recorded send never changes, so they are answered from memory. */
  sent: SentReceipts;
  /** Refused send attempts per account, shared by every function instance: where scripts are stopped. */
  accountRates: RateCounter;
  /** Per source address; the edge (WAF rate rules) limits sources globally, this is the function's own backstop. */
  sourceRates: RateCounter;
  signer: ReceiptSigner;
  events: SendEvents;
  /** HMAC secret of the stateless `formId` (≥ 32 bytes). */
  formSecret: FormKey;
  newReceiptId(): string;
  log: CounterLog;
  /** The receipt's inclusion proof in the edition's log (absent: no log deployed with this function). */
  logProofs?: LogProofs;
}

/** Where a recorded send sits in the edition's transparency log; null when no log is open or no checkpoint covers it. */
export interface LogProofs {
  proofOf(receipt: ReceiptClaims): Promise<ReceiptLogProof | null>;
}
