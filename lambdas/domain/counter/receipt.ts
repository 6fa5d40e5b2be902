/** `GET /sportello/receipt`: the original receipt of the caller's application. */
import type { Receipt } from '../ports.ts';
import { applicationOf } from './application.ts';
import type { CounterDeps, Participant } from './ports.ts';
import { refuse } from './refusals.ts';

/**
 * Primary course: 1. find the application bound to the caller; 2. read its send record; 3. answer the receipt as it
 * was issued, or `NOT_FOUND` when nothing was sent yet.
 */
export async function receiptOf(
  participant: Participant,
  deps: Pick<CounterDeps, 'participants' | 'applications' | 'sends'>,
): Promise<Receipt> {
  const application = await applicationOf(participant, deps);
  const send = await deps.sends.get(application.token);
  if (!send) throw refuse.noReceipt();
  return { receiptId: send.receiptId, token: send.token, arrivalTime: send.arrivalTime, signature: send.signature };
}
