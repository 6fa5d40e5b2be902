/**
 * Receipts known to be recorded, kept in memory by one warm function. A recorded send is never changed nor removed
 * (R15), so remembering it can never be stale: later sends of the same token (a double click, a refresh, a script)
 * are answered with the original receipt without touching the database. Bounded: past the size, it starts over.
 */
import type { Axis, Region } from '#domain/kernel/geography';

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

export class SentReceipts {
  private readonly known = new Map<string, Receipt>();

  constructor(private readonly maxSize = 100_000) {}

  get(token: string): Receipt | undefined {
    return this.known.get(token);
  }

  remember(receipt: Receipt): Receipt {
    if (this.known.size >= this.maxSize) this.known.clear();
    const kept = {
      receiptId: receipt.receiptId,
      token: receipt.token,
      arrivalTime: receipt.arrivalTime,
      signature: receipt.signature,
    };
    this.known.set(receipt.token, kept);
    return kept;
  }
}
