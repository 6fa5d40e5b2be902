/** `GET /sportello/receipt`: the original receipt of the caller's application. */
import type { Receipt } from './ledger.ts';
import { admitAlone } from './admission.ts';
import { boundApplicationOf } from './admission.ts';
import type { CounterCaller, CounterDeps } from './ports.ts';
import { refuse } from './refusals.ts';

/**
 * Primary course: 1. find the application bound to the caller and check its session (R11); 2. its receipt, from
 * memory or the send record; 3. answer it as it was issued, or `NOT_FOUND` when nothing was sent yet.
 */
export async function receiptOf(
  caller: CounterCaller,
  atMs: number,
  deps: Pick<CounterDeps, 'participants' | 'sessions' | 'sends' | 'sent'>,
): Promise<Receipt> {
  const { token } = await boundApplicationOf(caller, atMs, deps);
  await admitAlone(caller, atMs, deps);
  const known = deps.sent.get(token);
  if (known) return known;
  const send = await deps.sends.get(token);
  if (!send) throw refuse.noReceipt();
  return deps.sent.remember(send);
}
