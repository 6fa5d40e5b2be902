/**
 * The application a counter request is about: the one bound to the authenticated participant (R6, R16: "not bound
 * to the caller" is refused), and whether the counter is open for its list (R2b: most specific timetable).
 */
import { type Phase, phaseAt, type Timetable } from '../timetable.ts';
import { admitAlone } from './admission.ts';
import type { BoundApplication, CounterCaller, CounterDeps } from './ports.ts';
import { refuse } from './refusals.ts';

/**
 * The caller's application as the binding index knows it, or `FORBIDDEN` when the account holds no token — after the
 * session check, which comes first in every refusal order (the session is then read alone).
 */
export async function boundApplicationOf(
  caller: CounterCaller,
  atMs: number,
  deps: Pick<CounterDeps, 'participants' | 'sessions'>,
): Promise<BoundApplication> {
  const bound = await deps.participants.applicationOf(caller.sub);
  if (!bound) {
    await admitAlone(caller, atMs, deps);
    throw refuse.noApplication();
  }
  return bound;
}

/** Refuses with `PHASE_CLOSED` (and the phase) unless the counter is `OPEN` at the arrival instant. */
export function requireOpen(timetable: Timetable | null, atMs: number): void {
  const phase: Phase = phaseAt(timetable, atMs);
  if (phase !== 'OPEN') throw refuse.phaseClosed(phase);
}

export { isNcdList } from '../ncd.ts';
