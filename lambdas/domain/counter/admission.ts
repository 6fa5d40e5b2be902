/**
 * R11 on the counter: the caller's verified token must belong to the account's current session. The click-day paths
 * (form, send) read the session in the same batch as the application and the list's settings; the other paths read
 * it alone. Either way it is checked before any other refusal, as CONTRACT orders them. Then the application a
 * counter request is about: the one bound to the participant (R6, R16: "not bound to the caller" is refused), and
 * whether the counter is open for its list (R2b: most specific timetable).
 */
import { admitSession, type SessionRecord } from '#domain/accounts/session';
import { type Phase, phaseAt, type Timetable } from '#domain/kernel/timetable';
import type { BoundApplication, CounterCaller, CounterDeps, Participant } from './ports.ts';
import { refuse } from './refusals.ts';

/** The participant, or `UNAUTHENTICATED` (no session) / `SESSION_SUPERSEDED` (another session's token). */
export async function admit(
  caller: CounterCaller,
  session: SessionRecord | undefined,
  atMs: number,
  deps: Pick<CounterDeps, 'sessions'>,
): Promise<Participant> {
  const admitted = await admitSession(
    'participant',
    caller.sub,
    caller.tokenId,
    session,
    new Date(atMs),
    deps.sessions,
  );
  return { sub: admitted.sub, sessionId: admitted.sessionId };
}

/** The same check with the session read on its own (paths that read nothing else first). */
export async function admitAlone(
  caller: CounterCaller,
  atMs: number,
  deps: Pick<CounterDeps, 'sessions'>,
): Promise<Participant> {
  return admit(caller, await deps.sessions.current('participant', caller.sub), atMs, deps);
}

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

export { isNcdList } from '#domain/lists/ncd';
