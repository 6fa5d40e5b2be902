/** `GET /sportello/receipt`: the original receipt of the caller's application. */
import { admitAlone, boundApplicationOf } from './admission.ts';
import type { Receipt } from './ledger.ts';
import type { CounterCaller, CounterDeps } from './ports.ts';
import type { ReceiptLogProof } from '#domain/transparency/receipt-proof';
import { refuse } from './refusals.ts';
import { signedReceipt } from './send.ts';

/**
 * Primary course: 1. find the application bound to the caller and check its session (R11); 2. its receipt, from
 * memory or the send record, signed (a pending signature is tried now: this is where the portal waits for it);
 * 3. answer it as it was issued, or `NOT_FOUND` when nothing was sent yet.
 */
export async function receiptOf(
  caller: CounterCaller,
  atMs: number,
  deps: Pick<CounterDeps, 'participants' | 'sessions' | 'sends' | 'sent' | 'signer'>,
): Promise<Receipt> {
  const { token } = await boundApplicationOf(caller, atMs, deps);
  await admitAlone(caller, atMs, deps);
  const known = deps.sent.get(token);
  if (known) return known;
  const send = await deps.sends.get(token);
  if (!send) throw refuse.noReceipt();
  return signedReceipt(send, deps, { wait: true });
}

/**
 * The receipt with, once a checkpoint of the edition's log covers its send, where the send sits in the log and the
 * proof (`log`). A log that cannot answer now never costs the receipt: it is answered without `log`.
 */
export async function withLogProof(
  receipt: Receipt,
  deps: Pick<CounterDeps, 'logProofs' | 'log'>,
): Promise<Receipt & { log?: ReceiptLogProof }> {
  if (!deps.logProofs) return receipt;
  try {
    const proof = await deps.logProofs.proofOf(receipt);
    return proof ? { ...receipt, log: proof } : receipt;
  } catch (error) {
    deps.log.warn('receipt answered without its log proof', {
      error: error instanceof Error ? error.message : String(error),
    });
    return receipt;
  }
}
