/**
 * The record of first sends (R15): what is recorded once per token, and the port that records it. The record holds
 * the receipt's claims; the signature is made from them afterwards (`signing.ts`), never before the record.
 */
import type { Axis, Region } from '#domain/kernel/geography';

/** What a receipt signature covers (CONTRACT: a compact JWS over `{receiptId, token, arrivalTime}`). */
export interface ReceiptClaims {
  receiptId: string;
  token: string;
  /** ISO 8601 UTC with milliseconds: the platform's arrival instant. */
  arrivalTime: string;
}

/**
 * Receipt (*presa in carico*): what the participant keeps. `signature` is a compact JWS over the claims; while the
 * receipt key's certificate cannot be made (the root key's service is down), it is `null` and `signatureStatus`
 * says `PENDING` — the record stands, the signature follows.
 */
export interface Receipt extends ReceiptClaims {
  signature: string | null;
  signatureStatus: 'SIGNED' | 'PENDING';
}

/** The one record of a token's first valid send. */
export interface SendRecord extends ReceiptClaims {
  participantSub: string;
  region: Region;
  axis: Axis;
  /** Session id of the sending session (evidence for R19). */
  sessionId: string;
  /**
   * When the form answered was issued (its `formId`), and the sender's source address: how fast and from where the
   * send came, evidence of automated sending (R16, R19). Absent on records written before they were kept.
   */
  formIssuedAt?: string;
  sourceIp?: string;
}

export type SendOutcome =
  | { kind: 'recorded'; receipt: ReceiptClaims }
  | { kind: 'already-sent'; receipt: ReceiptClaims }
  /** Nothing written: the application does not exist, is bound to someone else (or nobody), or is annulled. */
  | { kind: 'refused'; reason: 'unknown' | 'not-bound' | 'annulled' };

export interface SendLedger {
  /**
   * Exactly once: records the send and consumes the application in one conditional transaction, or returns the
   * original claims (never a second record, never a new time), or the refusal. A throttled write is retried with the
   * same arrival until `deadlineMs` (epoch ms); `Unavailable` means nothing was recorded.
   */
  recordFirst(send: SendRecord, deadlineMs?: number): Promise<SendOutcome>;
  get(token: string): Promise<SendRecord | undefined>;
  listAll(): Promise<SendRecord[]>;
}

/** The claims of a record, in their fixed order. */
export const claimsOf = (r: ReceiptClaims): ReceiptClaims => ({
  receiptId: r.receiptId,
  token: r.token,
  arrivalTime: r.arrivalTime,
});
