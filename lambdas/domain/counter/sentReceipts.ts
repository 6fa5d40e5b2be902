/**
 * Receipts known to be recorded, kept in memory by one warm function. A recorded send is never changed nor removed
 * (R15), so remembering it can never be stale: later sends of the same token (a double click, a refresh, a script)
 * are answered with the original receipt without touching the database. Bounded: past the size, it starts over.
 */
import type { Receipt } from '../ports.ts';

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
