/**
 * Registration (R4 participant, R5 administrator) — the form first, then the e-mail code (SPEC R4 note).
 * Uniqueness (R6) rests on conditional claims owned by a random registration id: N simultaneous registrations on
 * one token, e-mail or PEC give exactly one winner; the others get the specific 409. Unconfirmed claims lapse after
 * 24 hours (the claims store treats a lapsed claim as free), and the sweeper deletes the unconfirmed account.
 */

import type { Portal } from '#domain/kernel/portal';
import { checkPassword } from './password.ts';
import { type ClaimKey, claimKeys } from './claims.ts';
import { parseToken } from '#domain/kernel/token';
import { registrationOpenForAny, requireRegistrationOpen, timetableFor } from './calendar.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext, Person } from './ports.ts';
import { refuse } from './refusal.ts';
import type { AdminRegistrationInput, ParticipantRegistrationInput } from './schemas.ts';

/** An unconfirmed registration holds its claims this long (CONTRACT: dropped after 24 hours). */
export const UNCONFIRMED_HOLD_MS = 24 * 60 * 60 * 1000;

export type RegisterDeps = Pick<
  AccountsDeps,
  'identity' | 'applications' | 'claims' | 'config' | 'ncd' | 'rates' | 'audit' | 'registrations' | 'clock' | 'ids'
>;

const PENDING_MESSAGE =
  'Per questo indirizzo c\'è già una registrazione in attesa di conferma: inserire il codice ricevuto o chiederne uno nuovo con "Invia un nuovo codice". Una registrazione non confermata viene cancellata dopo 24 ore.';

const TAKEN_MESSAGES = {
  sent: 'Il codice identificativo non è più disponibile: la domanda è già stata inviata.',
  annulled: 'Il codice identificativo non è più disponibile: la domanda è stata annullata.',
};

/**
 * Registers a participant. Primary course:
 * 1. check the token format (R1) and the password (R7), in CONTRACT's order (the body is validated by then);
 * 2. check the registration window of the token's timetable, that the application exists and is not NCD (R17c);
 * 3. claim the token and the e-mail for 24 hours (conditional puts: one winner);
 * 4. sign up with the identity provider, which e-mails the confirmation code; record and audit the registration.
 */
export async function registerParticipant(input: ParticipantRegistrationInput, ctx: CallContext, deps: RegisterDeps) {
  const token = parseToken(input.token);
  if (!token.ok) throw refuse.as('TOKEN_FORMAT', token.message);
  requirePassword(input.password, input.confirmPassword);
  const now = deps.clock.now();
  const application = await deps.applications.get(token.token);
  requireRegistrationOpen(await timetableFor(deps.config, application?.region, application?.axis), now);
  if (!application) throw refuse.as('TOKEN_UNKNOWN');
  if (await deps.ncd.isNcd(application)) throw refuse.as('NCD');
  await spendCode(deps.rates, 'email', input.email, ctx.sourceIp, now);
  if (application.sentAt) throw refuse.as('TOKEN_TAKEN', TAKEN_MESSAGES.sent);
  if (application.annulment) throw refuse.as('TOKEN_TAKEN', TAKEN_MESSAGES.annulled);
  if (application.participant && application.participant.email !== input.email) throw refuse.as('TOKEN_TAKEN');

  await createAccount(
    'participant',
    input,
    ctx,
    deps,
    [
      { key: claimKeys.token(token.token), taken: 'TOKEN_TAKEN' },
      { key: claimKeys.account('participant', input.email), taken: 'EMAIL_TAKEN' },
    ],
    token.token,
  );
  return { next: 'CONFIRM_EMAIL' as const };
}

/**
 * Registers a company administrator. Primary course:
 * 1. check the password (R7);
 * 2. check the registration window and that the PEC is the primary PEC of some application (R5);
 * 3. claim the PEC for 24 hours; 4. sign up (the code goes to the PEC); record and audit.
 */
export async function registerAdmin(input: AdminRegistrationInput, ctx: CallContext, deps: RegisterDeps) {
  requirePassword(input.password, input.confirmPassword);
  const now = deps.clock.now();
  const companies = await deps.applications.listByPec(input.pec);
  const window = await registrationOpenForAny(deps.config, companies, now);
  if (!window.open) requireRegistrationOpen(window.timetable, now);
  if (companies.length === 0) throw refuse.as('PEC_UNKNOWN');
  await spendCode(deps.rates, 'email', input.pec, ctx.sourceIp, now);
  const person = { ...input, email: input.pec };
  await createAccount('admin', person, ctx, deps, [{ key: claimKeys.account('admin', input.pec), taken: 'PEC_TAKEN' }]);
  return { next: 'CONFIRM_EMAIL' as const };
}

function requirePassword(password: string, confirmation: string): void {
  const check = checkPassword(password, confirmation);
  if (!check.ok) throw refuse.as('PASSWORD_POLICY', check.message);
}

interface WantedClaim {
  key: ClaimKey;
  taken: 'TOKEN_TAKEN' | 'EMAIL_TAKEN' | 'PEC_TAKEN';
}

/** Claims in order, signs up, records; on any failure every claim taken here is released again. */
async function createAccount(
  portal: Portal,
  person: Person,
  ctx: CallContext,
  deps: RegisterDeps,
  wanted: readonly WantedClaim[],
  token?: string,
): Promise<void> {
  const now = deps.clock.now();
  const taken = wanted[wanted.length - 1]?.taken ?? 'EMAIL_TAKEN';
  // A registration of this address, confirmed or still within its 24 hours, keeps it: of N simultaneous attempts
  // exactly one may win. A pending one is finished with its code ("Invia un nuovo codice" if lost).
  const previous = await deps.registrations.get(portal, person.email);
  if (previous) throw refuse.as(taken, previous.confirmed ? undefined : PENDING_MESSAGE);

  const id = deps.ids.next();
  const expiresAt = new Date(now.getTime() + UNCONFIRMED_HOLD_MS);
  const held: ClaimKey[] = [];
  const releaseAll = () => Promise.all(held.map((key) => deps.claims.release(key, id)));
  try {
    for (const claim of wanted) {
      const outcome = await deps.claims.claim(claim.key, id, now, expiresAt);
      if (!outcome.won) throw refuse.as(claim.taken);
      held.push(claim.key);
    }
    const sub = await signUp(portal, person, ctx, deps, taken);
    await deps.registrations.put(
      {
        id,
        portal,
        email: person.email,
        sub,
        token,
        confirmed: false,
        registeredAt: now.toISOString(),
        sourceIp: ctx.sourceIp,
      },
      expiresAt,
    );
  } catch (error) {
    await releaseAll();
    throw error;
  }
  await deps.audit.append({
    kind: 'REGISTRATION',
    at: now.toISOString(),
    actor: person.email,
    ...(token ? { subject: token } : {}),
    data: { portal, sourceIp: ctx.sourceIp },
  });
}

/** Signs up; an unconfirmed account left over by a lapsed registration is deleted and the sign-up retried once. */
async function signUp(
  portal: Portal,
  person: Person,
  ctx: CallContext,
  deps: RegisterDeps,
  taken: WantedClaim['taken'],
): Promise<string> {
  const first = await deps.identity.signUp(portal, person, ctx);
  if (first.kind === 'CREATED') return first.sub;
  const existing = await deps.identity.getAccount(portal, person.email);
  if (existing?.confirmed !== false) throw refuse.as(taken);
  await deps.identity.deleteAccount(portal, existing.sub);
  const second = await deps.identity.signUp(portal, person, ctx);
  if (second.kind === 'CREATED') return second.sub;
  throw refuse.as(taken);
}

/** Removes an unconfirmed registration: its account, its claims, its record. */
export async function dropRegistration(
  registration: { id: string; portal: Portal; email: string; sub: string; token?: string | undefined },
  deps: Pick<AccountsDeps, 'identity' | 'claims' | 'registrations'>,
): Promise<void> {
  await deps.identity.deleteAccount(registration.portal, registration.sub);
  const keys = [
    claimKeys.account(registration.portal, registration.email),
    ...(registration.token ? [claimKeys.token(registration.token)] : []),
  ];
  await Promise.all(keys.map((key) => deps.claims.release(key, registration.id)));
  await deps.registrations.delete(registration.portal, registration.email);
}
