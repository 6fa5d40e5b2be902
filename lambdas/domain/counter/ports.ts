/**
 * Ports of the counter (*sportello*) use cases (R13–R16): what they need besides the shared storage ports of
 * `../ports.ts`. Each is a small interface implemented by one adapter in `lambdas/adapters/`; tests use fakes.
 */
import type { Application, ApplicationStore, ConfigStore, RateCounter, Receipt, SendLedger } from '../ports.ts';
import type { RecordedSend } from '../sendEvent.ts';

/** What a receipt signature covers (CONTRACT: a compact JWS over `{receiptId, token, arrivalTime}`). */
export interface ReceiptClaims {
  receiptId: string;
  token: string;
  arrivalTime: string;
}

/** A public key of a JWKS (RFC 7517), EC P-256 here. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  kid: string;
  alg: string;
  use: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

/** Signs receipts (ES256, compact JWS with `kid`) and publishes the verifying keys. */
export interface ReceiptSigner {
  sign(claims: ReceiptClaims): Promise<string>;
  jwks(): Promise<Jwks>;
}

/** Announces a recorded first send on `sends.fifo`. May reject: the record stands, the reconciler republishes. */
export interface SendEvents {
  publish(send: RecordedSend): Promise<void>;
}

/** Which application a participant account is bound to (R6: a participant holds exactly one token). */
export interface ParticipantApplications {
  /** The token bound to `sub`, or undefined when the account holds none. */
  tokenOf(sub: string): Promise<string | undefined>;
}

/** R17c: whether an application's list (region × axis) is an NCD list, whose tokens do not use the counter. */
export interface NcdLists {
  isNcd(application: Pick<Application, 'region' | 'axis'>): Promise<boolean>;
}

/** The authenticated participant: account and current session (R11), from the session check. */
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
}

/** Logs an operational problem that the user does not see (no personal data). */
export interface CounterLog {
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface CounterDeps {
  applications: Pick<ApplicationStore, 'get'>;
  participants: ParticipantApplications;
  config: Pick<ConfigStore, 'timetablesFor'>;
  ncd: NcdLists;
  sends: SendLedger;
  rates: RateCounter;
  signer: ReceiptSigner;
  events: SendEvents;
  /** HMAC secret of the stateless `formId` (≥ 32 bytes). */
  formSecret: Uint8Array;
  newReceiptId(): string;
  log: CounterLog;
}

export type { Receipt };
