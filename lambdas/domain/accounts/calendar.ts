/**
 * The timetable and list facts the accounts rules depend on: whether registration is open for an application
 * (R2, R2b: the most specific timetable) and whether a login falls in [M4, M6) (R11 overlap evidence). Whether an
 * application is in an NCD list (R17c) is the `NcdCheck` port.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import type { Application } from '#domain/kernel/application';
import type { ConfigStore } from '#domain/kernel/config';
import {
  isRegistrationOpen,
  phaseAt,
  resolveTimetable,
  scopeCandidates,
  type Timetable,
} from '#domain/kernel/timetable';
import { refuse } from './refusal.ts';

export async function timetableFor(config: ConfigStore, region?: Region, axis?: Axis): Promise<Timetable | null> {
  const candidates = scopeCandidates(region, axis);
  return resolveTimetable(await config.timetablesFor(candidates), region, axis);
}

const CLOSED_MESSAGE =
  'Le registrazioni e il reset del codice identificativo non sono aperti in questo momento: consultare il calendario dello sportello.';

/** Refuses with `PHASE_CLOSED` (and the current phase) outside [M2, registration closes). */
export function requireRegistrationOpen(timetable: Timetable | null, now: Date): void {
  if (!isRegistrationOpen(timetable, now.getTime())) {
    throw refuse.phaseClosed(phaseAt(timetable, now.getTime()), CLOSED_MESSAGE);
  }
}

/** Registration window of an administrator: open if it is open for any application of the PEC (else the global one). */
export async function registrationOpenForAny(
  config: ConfigStore,
  applications: readonly Application[],
  now: Date,
): Promise<{ open: boolean; timetable: Timetable | null }> {
  if (applications.length === 0) {
    const timetable = await timetableFor(config);
    return { open: isRegistrationOpen(timetable, now.getTime()), timetable };
  }
  let first: Timetable | null = null;
  for (const app of applications) {
    const timetable = await timetableFor(config, app.region, app.axis);
    first ??= timetable;
    if (isRegistrationOpen(timetable, now.getTime())) return { open: true, timetable };
  }
  return { open: false, timetable: first };
}

/** True while the counter's login window runs: [M4, M6). */
export function inCounterWindow(timetable: Timetable | null, now: Date): boolean {
  const phase = phaseAt(timetable, now.getTime());
  return phase === 'WAITING_ROOM' || phase === 'OPEN';
}
