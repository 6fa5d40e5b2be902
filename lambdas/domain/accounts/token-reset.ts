/**
 * The clean-up of a token reset (R12) and the evidence of a token's participant changing while the counter runs
 * (R11 "two accounts on one token", R19).
 *
 * Retry safety: the caller has already unbound a bound participant (the commit point). Every step here is
 * idempotent, the token claim is released after everything else of the old registration is gone, and the
 * registration's copy by token — how a retry finds what to finish — is removed last. A failure at any step leaves
 * that copy, so the administrator's retry runs the clean-up again and ends in the same state. Notices and audit
 * entries are therefore at-least-once: a retry may send a notice twice, never zero times.
 */
import { type Application } from '#domain/kernel/application';
import { type AuditLog } from '#domain/kernel/audit';
import { claimKeys } from './claims.ts';
import type { Timetable } from '#domain/kernel/timetable';
import { inCounterWindow } from './calendar.ts';
import type { AccountsDeps, FormerParticipant, Registration } from './ports.ts';

export const TOKEN_PARTICIPANT_CHANGE = 'TOKEN_PARTICIPANT_CHANGE';

export interface Cancellation {
  app: Application;
  timetable: Timetable | null;
  /** The registration record (absent only for bindings older than the copy by token). */
  registration: Registration | undefined;
  participant: Pick<Registration, 'email' | 'sub' | 'confirmed'>;
  admin: { pec: string; sourceIp: string };
}

type CancelDeps = Pick<
  AccountsDeps,
  'identity' | 'claims' | 'sessions' | 'registrations' | 'notifier' | 'audit' | 'clock' | 'refreshTokenHours'
>;

/**
 * Primary course: 1. remember the former participant (a later binding names it); 2. delete its account and end its
 * session; 3. notify the participant's e-mail and the PEC; 4. audit `RESET`, and evidence when in [M4, M6);
 * 5. delete the registration record; 6. free the e-mail, phone and then the token claim; 7. drop the copy by token.
 */
export async function cancelRegistration(c: Cancellation, deps: CancelDeps): Promise<void> {
  const now = deps.clock.now();
  const { app, participant, registration } = c;
  const pending = !participant.confirmed;
  let former: FormerParticipant | undefined;
  if (!pending) {
    const remembered = await deps.registrations.formerParticipant(app.token);
    if (remembered?.sub === participant.sub) former = remembered;
    else {
      const session = await deps.sessions.current('participant', participant.sub);
      former = {
        email: participant.email,
        sub: participant.sub,
        boundAt: registration?.confirmedAt,
        registeredFrom: registration?.sourceIp,
        lastSession: session && {
          sourceIp: session.sourceIp,
          startedAt: session.startedAt,
          lastSeenAt: session.lastSeenAt,
        },
        resetAt: now.toISOString(),
        resetBy: c.admin.pec,
        resetFrom: c.admin.sourceIp,
      };
      await deps.registrations.putFormerParticipant(app.token, former);
    }
  }
  await deps.identity.deleteAccount('participant', participant.sub);
  // Its tokens outlive the account for as long as a refresh token could: they are told the reset ended them.
  const told = new Date(now.getTime() + deps.refreshTokenHours('participant') * 3600_000);
  await deps.sessions.close('participant', participant.sub, 'TOKEN_RESET', now, told);
  await notifyReset(app, participant.email, pending, deps);
  await deps.audit.append({
    kind: 'RESET',
    at: now.toISOString(),
    actor: c.admin.pec,
    subject: app.token,
    data: { participantEmail: participant.email, pending, sourceIp: c.admin.sourceIp },
  });
  if (former && inCounterWindow(c.timetable, now)) {
    await recordChange(deps.audit, app.token, now, { change: 'RESET', former, administrator: c.admin });
  }
  if (!registration) return;
  await deps.registrations.delete('participant', registration.email);
  await Promise.all(
    [
      claimKeys.account('participant', registration.email),
      ...(registration.phone ? [claimKeys.phone('participant', registration.phone)] : []),
    ].map((key) => deps.claims.release(key, registration.id)),
  );
  await deps.claims.release(claimKeys.token(app.token), registration.id);
  await deps.registrations.forgetToken(app.token, registration.id);
}

/**
 * A new participant bound to a token that had another one (reset earlier): evidence when the binding happens in
 * [M4, M6) of the application's timetable, naming both accounts, their times and source addresses.
 */
export async function recordNewBinding(
  token: string,
  timetable: Timetable | null,
  current: { email: string; sub: string; boundAt: string; registeredFrom?: string | undefined; confirmedFrom: string },
  deps: Pick<AccountsDeps, 'registrations' | 'audit' | 'clock'>,
): Promise<void> {
  const now = deps.clock.now();
  if (!inCounterWindow(timetable, now)) return;
  const former = await deps.registrations.formerParticipant(token);
  if (!former || former.sub === current.sub) return;
  await recordChange(deps.audit, token, now, { change: 'BINDING', former, current });
}

async function recordChange(audit: AuditLog, token: string, now: Date, data: Record<string, unknown>) {
  await audit.appendEvidence({
    kind: TOKEN_PARTICIPANT_CHANGE,
    at: now.toISOString(),
    actor: 'system',
    subject: token,
    data,
  });
}

async function notifyReset(
  app: Application,
  participantEmail: string,
  pending: boolean,
  deps: Pick<AccountsDeps, 'notifier'>,
) {
  // SNS subjects must be ASCII.
  const subject = 'Sportello - reset del codice identificativo';
  const what = pending ? 'la registrazione in attesa di conferma' : 'la registrazione';
  await deps.notifier.notify({
    channel: 'email',
    to: participantEmail,
    subject,
    body: `L'amministratore dell'impresa ${app.companyName} ha annullato ${what} di questo indirizzo come partecipante per il codice identificativo ${app.token}. Non puoi più accedere allo sportello per questa domanda.`,
  });
  await deps.notifier.notify({
    channel: 'email',
    to: app.pec,
    subject,
    body: `È stato eseguito il reset del codice identificativo ${app.token} (${app.companyName}): ${what} del partecipante ${participantEmail} è stata annullata e un nuovo partecipante può registrarsi con lo stesso codice.`,
  });
}
