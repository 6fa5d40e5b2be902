/**
 * R11 on the counter: the caller's verified token must belong to the account's current session. The click-day paths
 * (form, send) read the session in the same batch as the application and the list's settings; the other paths read
 * it alone. Either way it is checked before any other refusal, as CONTRACT orders them.
 */
import { admitSession } from '../accounts/session.ts';
import type { SessionRecord } from '../ports.ts';
import type { CounterCaller, CounterDeps, Participant } from './ports.ts';

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
