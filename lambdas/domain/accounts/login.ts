/**
 * Password step of the login (R9, R10). The lockout of the account from this source is checked before the identity
 * provider is asked, then the guard that keeps the provider's own lockout out of rivals' reach (`sign-in-guard.ts`);
 * only a wrong password counts. Nothing here starts a session: that happens only when the SMS code is right
 * (`mfa.ts`). An unknown address is answered, counted and timed like a registered one (no enumeration).
 */
import { LOCKOUT_THRESHOLD } from './lockout.ts';
import { requireSmsAllowance, spendSmsSentByProvider } from './limits.ts';
import { applyLockout } from './lockout.ts';
import type { AccountsDeps, CallContext } from './ports.ts';
import { refuse } from './refusal.ts';
import type { LoginInput } from './schemas.ts';
import { admitPasswordAttempt, countProviderFailure, providerLocked } from './sign-in-guard.ts';

/** CONTRACT: the login `session` is short-lived, at most 5 minutes. */
export const LOGIN_TTL_MS = 5 * 60 * 1000;
/** From this many failures left before a lockout, `BAD_CREDENTIALS` says how many (`error.attemptsLeft`). */
export const ATTEMPTS_LEFT_SHOWN = 3;

export const BAD_CREDENTIALS_MESSAGE = 'E-mail o password non corretti.';

export type LoginDeps = Pick<
  AccountsDeps,
  'identity' | 'lockouts' | 'signIns' | 'rates' | 'flags' | 'audit' | 'logins' | 'clock' | 'ids'
>;

/**
 * Primary course:
 * 1. refuse with `LOCKED` while the account is locked for this source (attempts are not counted then);
 * 2. the provider's lockout kept out of rivals' reach: refused while it runs, and past four attempts from sources the
 *    account never proved itself from;
 * 3. check the password with the identity provider (a right password makes it send the SMS code);
 * 4. wrong password: count it, lock at the tenth (`LOCKED`, audited) or answer `BAD_CREDENTIALS`, saying how many
 *    attempts are left from the seventh;
 * 5. right password: `SMS_MFA` with a new login session, or `MFA_SETUP` — tokens held server-side — when the
 *    account has no SMS second factor yet.
 */
export async function login(input: LoginInput, ctx: CallContext, deps: LoginDeps) {
  const { portal, email } = input;
  const now = deps.clock.now();
  const before = await applyLockout(deps.lockouts, portal, email, ctx.sourceIp, 'attempt', now);
  if (before.outcome === 'LOCKED') throw refuse.locked(before.lockedUntil);
  await admitPasswordAttempt(deps.signIns, portal, email, ctx.sourceIp, now);
  // A right password makes the provider send an SMS: the allowance is checked first, spent once it was sent.
  await requireSmsAllowance(deps.flags, email, ctx.sourceIp, now);

  const result = await deps.identity.passwordLogin(portal, email, input.password, ctx);
  if (result.kind === 'PROVIDER_LOCKED') return providerLocked(deps.signIns, portal, email, now);
  if (result.kind === 'BAD_CREDENTIALS') {
    await countProviderFailure(deps.signIns, portal, email, now);
    const after = await applyLockout(deps.lockouts, portal, email, ctx.sourceIp, 'failure', now);
    const locked = after.outcome === 'LOCKED';
    await deps.audit.append({
      kind: locked ? 'LOCKOUT' : 'LOGIN_FAILURE',
      at: now.toISOString(),
      actor: email,
      data: {
        portal,
        sourceIp: ctx.sourceIp,
        ...(locked ? { lockedUntil: new Date(after.lockedUntil).toISOString() } : {}),
        ...(after.outcome === 'COUNTED' ? { failures: after.failures, threshold: LOCKOUT_THRESHOLD } : {}),
      },
    });
    if (locked) throw refuse.locked(after.lockedUntil);
    const left = after.outcome === 'COUNTED' ? LOCKOUT_THRESHOLD - after.failures : undefined;
    throw refuse.badCredentials(
      BAD_CREDENTIALS_MESSAGE,
      left !== undefined && left <= ATTEMPTS_LEFT_SHOWN ? left : undefined,
    );
  }
  if (result.kind === 'NOT_CONFIRMED') throw refuse.as('EMAIL_NOT_CONFIRMED');

  const id = deps.ids.next();
  const expiresAt = now.getTime() + LOGIN_TTL_MS;
  if (result.kind === 'SMS_MFA') {
    await spendSmsSentByProvider(deps.rates, deps.flags, email, ctx.sourceIp, now);
    await deps.logins.put({
      id,
      portal,
      email,
      sourceIp: ctx.sourceIp,
      challenge: 'SMS_MFA',
      username: result.username,
      challengeSession: result.challengeSession,
      expiresAt,
    });
    return { challenge: 'SMS_MFA' as const, session: id };
  }
  await deps.logins.put({
    id,
    portal,
    email,
    sourceIp: ctx.sourceIp,
    challenge: 'MFA_SETUP',
    username: result.tokens.sub,
    tokens: result.tokens,
    expiresAt,
  });
  return { challenge: 'MFA_SETUP' as const, session: id };
}
