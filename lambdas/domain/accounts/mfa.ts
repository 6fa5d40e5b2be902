/**
 * The second factor (R4, R6, R9). First login without a phone (`MFA_SETUP`): the product sends its own code to the
 * phone; the right code claims the phone for this portal (R6: the phone is claimed when its code is verified) and the
 * identity provider is told, with administrative calls, that this is the account's verified phone and SMS second
 * factor; only then does the session start. Later logins answer the provider's SMS challenge. Five wrong codes end
 * the login (a new login sends a new code); wrong codes never count toward the lockout (R10).
 */
import { allowedSmsCountry, parseE164 } from './phone.ts';
import { claimKeys } from './claims.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext, PendingLogin } from './ports.ts';
import { refuse } from './refusal.ts';
import type { MfaInput, MfaSetupInput } from './schemas.ts';
import { type SessionDeps, startSession } from './session.ts';
import { count, plural } from '#domain/kernel/plural';
import { codeDigest, sameDigest } from './verification-code.ts';

/** CONTRACT: five wrong codes end the login `session`. */
export const MAX_WRONG_CODES = 5;

export type MfaDeps = SessionDeps & Pick<AccountsDeps, 'claims' | 'rates' | 'sms' | 'codes' | 'smsCountries'>;

/**
 * Authentication comes first in CONTRACT's order: the login session named by the (not yet validated) body is looked up
 * before the body is validated — the routes' precheck. Undefined when the body names no session (validation says so).
 */
export async function findLogin(
  body: unknown,
  challenge: PendingLogin['challenge'] | undefined,
  deps: Pick<AccountsDeps, 'logins' | 'clock'>,
): Promise<PendingLogin | undefined> {
  const raw = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (typeof raw.session !== 'string') return undefined;
  const login = await deps.logins.get(raw.session, deps.clock.now());
  if (!login || login.portal !== raw.portal || (challenge && login.challenge !== challenge)) {
    throw refuse.loginExpired();
  }
  return login;
}

/**
 * `POST /auth/mfa/setup`. Primary course:
 * 1. the enrolment started by the password step (`findLogin`); validate the phone (E.164, a mobile number of a
 *    country the deployment sends SMS to);
 * 2. cap the SMS codes; refuse a phone verified on another registration of this portal (`PHONE_TAKEN`);
 * 3. keep a digest of a new code with the login (a new code replaces the last one), then send the code by SMS.
 */
export async function setUpPhone(login: PendingLogin, input: MfaSetupInput, ctx: CallContext, deps: MfaDeps) {
  const phone = parseE164(input.phone);
  if (!phone.ok) throw refuse.validation([{ path: 'phone', message: phone.message }]);
  const country = allowedSmsCountry(phone, deps.smsCountries);
  if (!country.ok) throw refuse.validation([{ path: 'phone', message: country.message }]);
  if (!login.tokens) throw refuse.loginExpired();
  const now = deps.clock.now();
  // CONTRACT order: RATE_LIMITED before *_TAKEN.
  await spendCode(deps.rates, 'sms', login.email, ctx.sourceIp, now);
  const owner = await claimOwner(login, deps);
  const holder = await deps.claims.get(claimKeys.phone(login.portal, phone.e164), now);
  if (holder && holder.owner !== owner) throw refuse.as('PHONE_TAKEN');
  const code = deps.codes.next();
  await deps.logins.put({ ...login, phone: phone.e164, phoneCode: codeDigest(login.id, code) });
  await deps.sms.notify({
    channel: 'sms',
    to: phone.e164,
    body: `Sportello: il codice di verifica del numero è ${code}. Non comunicarlo a nessuno.`,
  });
  return { challenge: 'SMS_MFA' as const, session: login.id };
}

/**
 * `POST /auth/mfa`. Primary course:
 * 1. the login (`findLogin`), the code validated;
 * 2. SMS challenge: answer it with the provider; enrolment: verify the phone, claim it, enable SMS MFA;
 * 3. wrong code: count it, end the login at the fifth (`BAD_CREDENTIALS` either way);
 * 4. right code: the session starts (`session.ts`).
 */
export async function answerSmsCode(login: PendingLogin, input: MfaInput, ctx: CallContext, deps: MfaDeps) {
  if (login.challenge === 'SMS_MFA') {
    const answer = await deps.identity.answerSmsChallenge(
      login.portal,
      login.username,
      login.challengeSession ?? '',
      input.code,
      ctx,
    );
    if (answer.kind === 'TOKENS') return startSession(login, answer.tokens, ctx, deps);
    if (answer.kind === 'ENDED') {
      await deps.logins.delete(login.id);
      throw refuse.loginExpired();
    }
    return wrongCode(login, deps, answer.challengeSession);
  }

  const tokens = login.tokens;
  if (!tokens) throw refuse.loginExpired();
  if (!login.phone || !login.phoneCode) {
    throw refuse.validation([
      { path: 'session', message: 'Indicare prima il numero di telefono e chiedere il codice con "Invia SMS".' },
    ]);
  }
  if (!sameDigest(login.phoneCode, codeDigest(login.id, input.code))) return wrongCode(login, deps);
  await claimPhone(login, login.phone, deps);
  await deps.identity.enrolPhone(login.portal, tokens.sub, login.phone);
  return startSession(login, tokens, ctx, deps);
}

async function wrongCode(login: PendingLogin, deps: MfaDeps, challengeSession?: string): Promise<never> {
  const wrong = await deps.logins.countWrongCode(login.id, challengeSession);
  const left = MAX_WRONG_CODES - wrong;
  if (left <= 0) {
    await deps.logins.delete(login.id);
    throw refuse.as(
      'BAD_CREDENTIALS',
      `Codice SMS errato per ${count(MAX_WRONG_CODES, 'volta', 'volte')}: la procedura di accesso è stata annullata, effettuare di nuovo l'accesso.`,
    );
  }
  throw refuse.as(
    'BAD_CREDENTIALS',
    `Il codice SMS non è corretto: ${plural(left, 'resta', 'restano')} ${count(left, 'tentativo', 'tentativi')}.`,
  );
}

/** The registration id owns the account's claims; accounts made outside the product fall back to their sub. */
async function claimOwner(login: PendingLogin, deps: MfaDeps): Promise<string> {
  const registration = await deps.registrations.get(login.portal, login.email);
  return registration?.id ?? `sub:${login.username}`;
}

/** Claims the verified phone for this portal for good, and frees the number the account had before, if any. */
async function claimPhone(login: PendingLogin, phone: string, deps: MfaDeps): Promise<void> {
  const now = deps.clock.now();
  const registration = await deps.registrations.get(login.portal, login.email);
  const owner = registration?.id ?? `sub:${login.username}`;
  const claimed = await deps.claims.claim(claimKeys.phone(login.portal, phone), owner, now);
  if (!claimed.won) throw refuse.as('PHONE_TAKEN');
  if (registration) {
    if (registration.phone && registration.phone !== phone) {
      await deps.claims.release(claimKeys.phone(login.portal, registration.phone), owner);
    }
    await deps.registrations.put({ ...registration, phone });
  }
}
