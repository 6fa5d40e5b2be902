/**
 * E-mail confirmation and code resend (R4, R5): the registration becomes permanent — its claims lose their expiry,
 * the participant's token is bound to the account — only when the e-mail (or PEC) code is right.
 */

import type { Portal } from '#domain/kernel/portal';
import { claimKeys } from './claims.ts';
import { registrationOpenForAny, requireRegistrationOpen, timetableFor } from './calendar.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext, Registration } from './ports.ts';
import { refuse } from './refusal.ts';
import { dropRegistration } from './register.ts';
import type { ConfirmInput, ResendInput } from './schemas.ts';
import { recordNewBinding } from './token-reset.ts';

export type ConfirmDeps = Pick<
  AccountsDeps,
  'identity' | 'applications' | 'claims' | 'config' | 'rates' | 'audit' | 'registrations' | 'clock'
>;

const CODE_MESSAGES = {
  WRONG_CODE: 'Il codice di verifica non è corretto: controllare il messaggio ricevuto.',
  EXPIRED_CODE: 'Il codice di verifica è scaduto: chiedere un nuovo codice con "Invia un nuovo codice".',
  UNKNOWN: 'Il codice di verifica non è corretto oppure la registrazione non esiste più: registrarsi di nuovo.',
};

/** The registration window that applies: the token's timetable, the PEC's applications', else the global one. */
async function requireWindow(portal: Portal, registration: Registration | undefined, deps: ConfirmDeps, now: Date) {
  if (portal === 'admin' && registration) {
    const companies = await deps.applications.listByPec(registration.email);
    const window = await registrationOpenForAny(deps.config, companies, now);
    if (!window.open) requireRegistrationOpen(window.timetable, now);
    return;
  }
  const application = registration?.token ? await deps.applications.get(registration.token) : undefined;
  requireRegistrationOpen(await timetableFor(deps.config, application?.region, application?.axis), now);
}

/**
 * Confirms a registration with the e-mail code. Primary course:
 * 1. validate; check the registration window;
 * 2. check the registration still holds its claims (not lapsed after 24 hours);
 * 3. confirm the code with the identity provider; make the claims permanent;
 * 4. bind the participant's token to the account (evidence if it replaces a reset participant during [M4, M6));
 *    record and audit the confirmation.
 */
export async function confirmRegistration(portal: Portal, input: ConfirmInput, ctx: CallContext, deps: ConfirmDeps) {
  const now = deps.clock.now();
  const registration = await deps.registrations.get(portal, input.email);
  await requireWindow(portal, registration, deps, now);
  if (!registration) throw refuse.as('BAD_CREDENTIALS', CODE_MESSAGES.UNKNOWN);
  if (registration.confirmed) return { next: 'LOGIN' as const };

  const accountKey = claimKeys.account(portal, registration.email);
  const tokenKey = registration.token ? claimKeys.token(registration.token) : undefined;
  if ((await deps.claims.get(accountKey, now))?.owner !== registration.id) {
    throw refuse.as(portal === 'admin' ? 'PEC_TAKEN' : 'EMAIL_TAKEN');
  }
  if (tokenKey && (await deps.claims.get(tokenKey, now))?.owner !== registration.id) throw refuse.as('TOKEN_TAKEN');

  const outcome = await deps.identity.confirmSignUp(portal, input.email, input.code, ctx);
  if (outcome !== 'OK') throw refuse.as('BAD_CREDENTIALS', CODE_MESSAGES[outcome]);

  const kept = await Promise.all([
    deps.claims.confirm(accountKey, registration.id, now),
    ...(tokenKey ? [deps.claims.confirm(tokenKey, registration.id, now)] : []),
  ]);
  if (kept.includes(false)) {
    // Lapsed between the check and now: the account must not outlive its claims.
    await dropRegistration(registration, deps);
    throw refuse.as(kept[0] ? 'TOKEN_TAKEN' : portal === 'admin' ? 'PEC_TAKEN' : 'EMAIL_TAKEN');
  }
  if (registration.token) {
    const bound = await deps.applications.bindParticipant(registration.token, {
      sub: registration.sub,
      email: registration.email,
      boundAt: now.toISOString(),
    });
    if (bound !== 'bound') {
      await dropRegistration(registration, deps);
      throw refuse.as('TOKEN_TAKEN');
    }
    const application = await deps.applications.get(registration.token);
    const timetable = await timetableFor(deps.config, application?.region, application?.axis);
    await recordNewBinding(
      registration.token,
      timetable,
      {
        email: registration.email,
        sub: registration.sub,
        boundAt: now.toISOString(),
        registeredFrom: registration.sourceIp,
        confirmedFrom: ctx.sourceIp,
      },
      deps,
    );
  }
  await deps.registrations.put({ ...registration, confirmed: true, confirmedAt: now.toISOString() });
  await deps.audit.append({
    kind: 'CONFIRMATION',
    at: now.toISOString(),
    actor: registration.email,
    ...(registration.token ? { subject: registration.token } : {}),
    data: { portal, sourceIp: ctx.sourceIp },
  });
  return { next: 'LOGIN' as const };
}

/**
 * Sends a new e-mail code ("Invia un nuovo codice"). Always `202` whether or not the address is registered (no
 * enumeration). Primary course: 1. validate; 2. registration window; 3. cap the codes; 4. resend if unconfirmed.
 */
export async function resendConfirmationCode(portal: Portal, input: ResendInput, ctx: CallContext, deps: ConfirmDeps) {
  const now = deps.clock.now();
  const registration = await deps.registrations.get(portal, input.email);
  await requireWindow(portal, registration, deps, now);
  await spendCode(deps.rates, 'email', input.email, ctx.sourceIp, now);
  if (registration && !registration.confirmed) await deps.identity.resendSignUpCode(portal, input.email, ctx);
}
