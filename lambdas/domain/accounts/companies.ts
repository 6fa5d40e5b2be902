/**
 * Administrator portal (R12): the applications of the caller's PEC, and the token reset (*reset del token*) that
 * cancels the participant registration — confirmed, or still waiting for its e-mail code — so that a new participant
 * can register with the same token.
 */
import { type Application } from '#domain/kernel/application';
import { claimKeys } from './claims.ts';
import { isRegistrationOpen } from '#domain/kernel/timetable';
import { isToken } from '#domain/kernel/token';
import { requireRegistrationOpen, timetableFor } from './calendar.ts';
import type { AccountsDeps, CallContext, Registration } from './ports.ts';
import { refuse } from './refusal.ts';
import type { Caller } from './session.ts';
import { type Cancellation, cancelRegistration } from './token-reset.ts';

export type CompaniesDeps = Pick<
  AccountsDeps,
  | 'identity'
  | 'applications'
  | 'claims'
  | 'config'
  | 'sessions'
  | 'registrations'
  | 'notifier'
  | 'audit'
  | 'clock'
  | 'refreshTokenHours'
>;

/** `PENDING`: registered but the e-mail code not yet confirmed (it holds the token for 24 hours). */
export type ParticipantStatus = 'PENDING' | 'REGISTERED';

export interface CompanyView {
  companyName: string;
  token: string;
  participantEmail: string | null;
  /** Added to CONTRACT's fields; null with `participantEmail` null. */
  participantStatus: ParticipantStatus | null;
  sent: boolean;
  canReset: boolean;
  /** Added: the arrival time and receipt id of the first send (R15), null until sent. */
  arrivalTime: string | null;
  receiptId: string | null;
  /**
   * Added: the application's row in the published lists. Not read here (the lists are published files, not items
   * this function reads): always null, which the portal shows as "nothing published yet".
   */
  listing: null;
}

async function callerPec(caller: Caller, deps: Pick<AccountsDeps, 'identity'>): Promise<string> {
  const account = await deps.identity.getAccount('admin', caller.sub);
  if (!account) throw refuse.as('UNAUTHENTICATED');
  return account.email;
}

/**
 * The registration that holds the token without a binding on the application: a pending one, or a confirmed one
 * an interrupted reset has unbound but not yet cleaned up. `live` asks that it still hold the token claim (what
 * the list shows); otherwise it may also be one whose claim an interrupted reset already freed (what a retried
 * reset finishes), as long as no other registration has taken the token since.
 */
async function unboundRegistration(
  app: Application,
  deps: Pick<AccountsDeps, 'registrations' | 'claims' | 'clock'>,
  live: boolean,
): Promise<Registration | undefined> {
  if (app.participant) return undefined;
  const registration = await deps.registrations.byToken(app.token);
  if (!registration || registration.portal !== 'participant' || registration.token !== app.token) return undefined;
  const holder = (await deps.claims.get(claimKeys.token(app.token), deps.clock.now()))?.owner;
  if (holder === registration.id) return registration;
  // A pending registration whose claim is gone lapsed or was dropped: nothing of it is the token's any more.
  return !live && holder === undefined && registration.confirmed ? registration : undefined;
}

/** `GET /admin/companies`: exactly the applications whose primary PEC is the caller's. */
export async function listCompanies(caller: Caller, deps: CompaniesDeps): Promise<CompanyView[]> {
  const pec = await callerPec(caller, deps);
  const now = deps.clock.now().getTime();
  const companies = await deps.applications.listByPec(pec);
  const views = companies.map(async (app: Application): Promise<CompanyView> => {
    const open = isRegistrationOpen(await timetableFor(deps.config, app.region, app.axis), now);
    const unbound = await unboundRegistration(app, deps, true);
    const participantEmail = app.participant?.email ?? unbound?.email ?? null;
    const participantStatus: ParticipantStatus | null = app.participant
      ? 'REGISTERED'
      : unbound
        ? unbound.confirmed
          ? 'REGISTERED' // an interrupted reset: resetting again finishes it
          : 'PENDING'
        : null;
    const sent = Boolean(app.sentAt);
    return {
      companyName: app.companyName,
      token: app.token,
      participantEmail,
      participantStatus,
      sent,
      canReset: participantEmail !== null && !sent && open,
      arrivalTime: app.sentAt ?? null,
      receiptId: app.receiptId ?? null,
      listing: null,
    };
  });
  return (await Promise.all(views)).sort((a, b) => a.companyName.localeCompare(b.companyName, 'it'));
}

/**
 * `POST /admin/companies/{token}/reset`. Primary course (refusals in CONTRACT's order):
 * 1. the token must be one of the caller's PEC's applications (`FORBIDDEN`), not sent (`ALREADY_SENT`), with a
 *    participant — bound, pending, or left by an interrupted reset (`NO_PARTICIPANT`) — inside the registration
 *    window (`PHASE_CLOSED`);
 * 2. a bound participant is unbound first, conditionally on the application not being sent: that is the commit
 *    point (a send that committed first wins with `ALREADY_SENT`, and nothing of the sender's account is touched);
 * 3. the clean-up (`tokenReset.ts`), every step idempotent and the registration's copy by token removed last, so a
 *    retry after a failure anywhere finishes it and answers like the uninterrupted reset.
 */
export async function resetCompany(caller: Caller, token: string, ctx: CallContext, deps: CompaniesDeps) {
  const pec = await callerPec(caller, deps);
  const app = isToken(token) ? await deps.applications.get(token) : undefined;
  if (!app || app.pec.toLowerCase() !== pec) throw refuse.as('FORBIDDEN');
  if (app.sentAt) throw refuse.as('ALREADY_SENT');
  const bound = app.participant;
  const unbound = await unboundRegistration(app, deps, false);
  if (!bound && !unbound) throw refuse.as('NO_PARTICIPANT');
  const now = deps.clock.now();
  const timetable = await timetableFor(deps.config, app.region, app.axis);
  requireRegistrationOpen(timetable, now);

  let registration = unbound;
  let participant: Cancellation['participant'] | undefined = unbound;
  if (bound) {
    participant = { email: bound.email, sub: bound.sub, confirmed: true };
    const byToken = await deps.registrations.byToken(token);
    registration = byToken?.sub === bound.sub ? byToken : await deps.registrations.get('participant', bound.email);
    const outcome = await deps.applications.unbindParticipant(token, bound.sub);
    if (outcome === 'sent') throw refuse.as('ALREADY_SENT');
    if (outcome !== 'unbound') throw refuse.as('NO_PARTICIPANT');
  }
  if (!participant) throw refuse.as('NO_PARTICIPANT'); // unreachable: one of the two was found above
  await cancelRegistration({ app, timetable, registration, participant, admin: { pec, sourceIp: ctx.sourceIp } }, deps);
  return { token, participantEmail: null };
}
