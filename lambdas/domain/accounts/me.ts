/**
 * `GET /me`: who the caller is, whether the phone is verified, and the participant's bound token with the region and
 * axis of its application (added to CONTRACT's fields: the waiting room asks `/sportello/status` for that scope).
 *
 * From M4 of the application's timetable the whole token is no longer given out (R14, R16: a script would answer the
 * send form from it in milliseconds): `tokenHint` shows its first five and last four characters, enough for the
 * portal to check a code the participant types or pastes, useless for answering the form.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import { phaseAt } from '#domain/kernel/timetable';
import { timetableFor } from './calendar.ts';
import type { AccountsDeps } from './ports.ts';
import { refuse } from './refusal.ts';
import type { Caller } from './session.ts';

/** Phases in which the token is withheld: from the waiting room on. */
const WITHHELD = new Set(['WAITING_ROOM', 'OPEN', 'CLOSED']);

/** `+a007…24ca`: the sign and four digits, an ellipsis, the last four. */
export const tokenHint = (token: string) => `${token.slice(0, 5)}…${token.slice(-4)}`;

export interface CallerView {
  portal: Caller['portal'];
  email: string;
  firstName: string;
  lastName: string;
  phoneVerified: boolean;
  /** Before M4 only. */
  token?: string;
  /** From M4, instead of `token`. */
  tokenHint?: string;
  region?: Region;
  axis?: Axis;
}

export async function describeCaller(
  caller: Caller,
  deps: Pick<AccountsDeps, 'identity' | 'registrations' | 'applications' | 'config' | 'clock'>,
): Promise<CallerView> {
  const account = await deps.identity.getAccount(caller.portal, caller.sub);
  // The account was deleted (token reset) after its token was issued.
  if (!account) throw refuse.as('UNAUTHENTICATED');
  const registration = await deps.registrations.get(caller.portal, account.email);
  const token = caller.portal === 'participant' ? registration?.token : undefined;
  const application = token ? await deps.applications.get(token) : undefined;
  const timetable = application ? await timetableFor(deps.config, application.region, application.axis) : null;
  const withheld = WITHHELD.has(phaseAt(timetable, deps.clock.now().getTime()));
  return {
    portal: caller.portal,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    phoneVerified: account.phoneVerified && account.smsMfa,
    ...(token ? (withheld ? { tokenHint: tokenHint(token) } : { token }) : {}),
    ...(application ? { region: application.region, axis: application.axis } : {}),
  };
}
