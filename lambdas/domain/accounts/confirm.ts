/**
 * E-mail confirmation and code resend (R4, R5): the registration becomes permanent — its claims lose their expiry,
 * the participant's token is bound to the account — only when the e-mail (or PEC) code is right.
 */

import type { Portal } from '#domain/kernel/portal';
import { claimKeys } from './claims.ts';
import { registrationOpenForAny, requireRegistrationOpen, timetableFor } from './calendar.ts';
import { requireCodeUsable, wrongCode } from './code-tries.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext, Registration } from './ports.ts';
import { refuse } from './refusal.ts';
import { dropRegistration } from './register.ts';
import type { ConfirmInput, ResendInput } from './schemas.ts';
import { rememberSource } from './sign-in-guard.ts';
import { recordNewBinding } from './token-reset.ts';

export type ConfirmDeps = Pick<
  AccountsDeps,
  | 'identity'
  | 'applications'
  | 'claims'
  | 'config'
  | 'rates'
  | 'audit'
  | 'registrations'
  | 'codeTries'
  | 'signIns'
  | 'clock'
>;

/**
 * One answer for every wrong code, whatever the address is — unknown, pending, lapsed or already confirmed — so that
 * the route does not tell which addresses are registered (no enumeration).
 */
export const WRONG_CODE_MESSAGE =
  'Il codice di verifica non è corretto o non è più valido. Se la registrazione è già stata confermata, accedere con e-mail e password; altrimenti controllare il messaggio ricevuto o chiedere un nuovo codice con "Invia un nuovo codice".';
/**
 * What is checked against the identity provider when the address has no registration waiting for its code: a value
 * no code can ever be (codes are digits), so the call costs what a real one costs and changes nothing.
 */
export const PROBE_CODE = 'not-a-code';

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
 * 1. validate; check the registration window; refuse a code spent by five wrong tries;
 * 2. check the code with the identity provider — for an address with no registration waiting for it (unknown, lapsed
 *    after 24 hours, already confirmed) a probe that cannot match, answered like any wrong code;
 * 3. make the claims permanent; bind the participant's token to the account (evidence if it replaces a reset
 *    participant during [M4, M6)); remember the source; record and audit the confirmation.
 */
export async function confirmRegistration(portal: Portal, input: ConfirmInput, ctx: CallContext, deps: ConfirmDeps) {
  const now = deps.clock.now();
  const registration = await deps.registrations.get(portal, input.email);
  await requireWindow(portal, registration, deps, now);
  await requireCodeUsable(deps.codeTries, 'signup', portal, input.email);

  const accountKey = claimKeys.account(portal, input.email);
  const tokenKey = registration?.token ? claimKeys.token(registration.token) : undefined;
  const waiting =
    registration !== undefined &&
    !registration.confirmed &&
    (await deps.claims.get(accountKey, now))?.owner === registration.id &&
    (!tokenKey || (await deps.claims.get(tokenKey, now))?.owner === registration.id);
  const outcome = await deps.identity.confirmSignUp(portal, input.email, waiting ? input.code : PROBE_CODE, ctx);
  if (!waiting || !registration || outcome !== 'OK') {
    return wrongCode(deps.codeTries, 'signup', portal, input.email, WRONG_CODE_MESSAGE, now);
  }
  await deps.codeTries.reset('signup', portal, input.email);

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
  // The e-mail code proves the owner is at this source: its logins are never refused for others' failures.
  await rememberSource(deps.signIns, portal, registration.email, ctx.sourceIp, now);
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
 * enumeration), with one identity-provider call either way. Primary course: 1. validate; 2. registration window;
 * 3. cap the codes; 4. resend if a registration waits for its code (its wrong tries start again), else only look the
 * address up.
 */
export async function resendConfirmationCode(portal: Portal, input: ResendInput, ctx: CallContext, deps: ConfirmDeps) {
  const now = deps.clock.now();
  const registration = await deps.registrations.get(portal, input.email);
  await requireWindow(portal, registration, deps, now);
  await spendCode(deps.rates, 'email', input.email, ctx.sourceIp, now);
  await deps.codeTries.reset('signup', portal, input.email);
  if (registration && !registration.confirmed) await deps.identity.resendSignUpCode(portal, input.email, ctx);
  else await deps.identity.getAccount(portal, input.email);
}
