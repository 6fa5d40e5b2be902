/**
 * Administrator portal (R12): the applications of the caller's PEC, and the token reset (*reset del token*) that
 * cancels the participant registration so that a new participant can register with the same token.
 */
import { type Application, claimKeys } from '../ports.ts';
import { isRegistrationOpen } from '../timetable.ts';
import { isToken } from '../token.ts';
import { requireRegistrationOpen, timetableFor } from './calendar.ts';
import type { AccountsDeps, CallContext } from './ports.ts';
import { refuse } from './refusal.ts';
import type { Caller } from './session.ts';

export type CompaniesDeps = Pick<
  AccountsDeps,
  'identity' | 'applications' | 'claims' | 'config' | 'sessions' | 'registrations' | 'notifier' | 'audit' | 'clock'
>;

export interface CompanyView {
  companyName: string;
  token: string;
  participantEmail: string | null;
  sent: boolean;
  canReset: boolean;
}

async function callerPec(caller: Caller, deps: Pick<AccountsDeps, 'identity'>): Promise<string> {
  const account = await deps.identity.getAccount('admin', caller.sub);
  if (!account) throw refuse.as('UNAUTHENTICATED');
  return account.email;
}

/** `GET /admin/companies`: exactly the applications whose primary PEC is the caller's. */
export async function listCompanies(caller: Caller, deps: CompaniesDeps): Promise<CompanyView[]> {
  const pec = await callerPec(caller, deps);
  const now = deps.clock.now().getTime();
  const companies = await deps.applications.listByPec(pec);
  const views = companies.map(async (app: Application) => {
    const open = isRegistrationOpen(await timetableFor(deps.config, app.region, app.axis), now);
    const participantEmail = app.participant?.email ?? null;
    const sent = Boolean(app.sentAt);
    return {
      companyName: app.companyName,
      token: app.token,
      participantEmail,
      sent,
      canReset: participantEmail !== null && !sent && open,
    };
  });
  return (await Promise.all(views)).sort((a, b) => a.companyName.localeCompare(b.companyName, 'it'));
}

/**
 * `POST /admin/companies/{token}/reset`. Primary course (refusals in CONTRACT's order):
 * 1. the token must be one of the caller's PEC's applications (`FORBIDDEN`), not sent (`ALREADY_SENT`), with a
 *    participant (`NO_PARTICIPANT`), inside the registration window (`PHASE_CLOSED`);
 * 2. unbind the token (refused if a send wins the race), delete the participant account and end its session;
 * 3. free its token, e-mail and phone claims; notify the participant's e-mail and the PEC; audit.
 */
export async function resetCompany(caller: Caller, token: string, ctx: CallContext, deps: CompaniesDeps) {
  const pec = await callerPec(caller, deps);
  const app = isToken(token) ? await deps.applications.get(token) : undefined;
  if (!app || app.pec.toLowerCase() !== pec) throw refuse.as('FORBIDDEN');
  if (app.sentAt) throw refuse.as('ALREADY_SENT');
  const participant = app.participant;
  if (!participant) throw refuse.as('NO_PARTICIPANT');
  const now = deps.clock.now();
  requireRegistrationOpen(await timetableFor(deps.config, app.region, app.axis), now);

  const unbound = await deps.applications.unbindParticipant(token, participant.sub);
  if (unbound === 'sent') throw refuse.as('ALREADY_SENT');
  if (unbound !== 'unbound') throw refuse.as('NO_PARTICIPANT');
  await deps.identity.deleteAccount('participant', participant.sub);
  await deps.sessions.end('participant', participant.sub);
  const registration = await deps.registrations.get('participant', participant.email);
  if (registration) {
    const keys = [
      claimKeys.token(token),
      claimKeys.account('participant', registration.email),
      ...(registration.phone ? [claimKeys.phone('participant', registration.phone)] : []),
    ];
    await Promise.all(keys.map((key) => deps.claims.release(key, registration.id)));
    await deps.registrations.delete('participant', registration.email);
  }
  await notifyReset(app, participant.email, deps);
  await deps.audit.append({
    kind: 'RESET',
    at: now.toISOString(),
    actor: pec,
    subject: token,
    data: { participantEmail: participant.email, sourceIp: ctx.sourceIp },
  });
  return { token, participantEmail: null };
}

async function notifyReset(app: Application, participantEmail: string, deps: Pick<AccountsDeps, 'notifier'>) {
  // SNS subjects must be ASCII.
  const subject = 'Sportello - reset del codice identificativo';
  await deps.notifier.notify({
    channel: 'email',
    to: participantEmail,
    subject,
    body: `L'amministratore dell'impresa ${app.companyName} ha annullato la tua registrazione come partecipante per il codice identificativo ${app.token}. Non puoi più accedere allo sportello per questa domanda.`,
  });
  await deps.notifier.notify({
    channel: 'email',
    to: app.pec,
    subject,
    body: `È stato eseguito il reset del codice identificativo ${app.token} (${app.companyName}): la registrazione del partecipante ${participantEmail} è stata annullata e un nuovo partecipante può registrarsi con lo stesso codice.`,
  });
}
