/**
 * The application a counter request is about: the one bound to the authenticated participant (R6, R16: "not bound
 * to the caller" is refused), and the phase of the timetable that applies to it (R2b: most specific scope first).
 */
import type { Application } from '../ports.ts';
import { type Phase, phaseAt, resolveTimetable, scopeCandidates, type Timetable } from '../timetable.ts';
import type { CounterDeps, Participant } from './ports.ts';
import { refuse } from './refusals.ts';

/** The caller's application, or `FORBIDDEN` when the account holds no token (or no longer holds it). */
export async function applicationOf(
  participant: Participant,
  deps: Pick<CounterDeps, 'participants' | 'applications'>,
): Promise<Application> {
  const token = await deps.participants.tokenOf(participant.sub);
  if (!token) throw refuse.noApplication();
  const application = await deps.applications.get(token);
  // The index behind `tokenOf` may lag; the application item (read strongly consistent) is the truth.
  if (application?.participant?.sub !== participant.sub) throw refuse.noApplication();
  return application;
}

export async function timetableOf(
  application: Pick<Application, 'region' | 'axis'> | undefined,
  deps: Pick<CounterDeps, 'config'>,
): Promise<Timetable | null> {
  const set = await deps.config.timetablesFor(scopeCandidates(application?.region, application?.axis));
  return resolveTimetable(set, application?.region, application?.axis);
}

/** Refuses with `PHASE_CLOSED` (and the phase) unless the counter is `OPEN` at the arrival instant. */
export function requireOpen(timetable: Timetable | null, atMs: number): void {
  const phase: Phase = phaseAt(timetable, atMs);
  if (phase !== 'OPEN') throw refuse.phaseClosed(phase);
}
