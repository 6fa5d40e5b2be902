/**
 * Password step of the login (R9, R10). The lockout of the account from this source is checked before the identity
 * provider is asked; only a wrong password counts. The identity provider's own sign-in throttle surfaces as
 * `RATE_LIMITED` (thrown by its adapter) and is not counted. Nothing here starts a session: that happens only when
 * the SMS code is right (`mfa.ts`).
 */
import { LOCKOUT_THRESHOLD } from './lockout.ts';
import { requireSmsAllowance, spendSmsSentByProvider } from './limits.ts';
import { applyLockout } from './lockout.ts';
import type { AccountsDeps, CallContext } from './ports.ts';
import { refuse } from './refusal.ts';
import type { LoginInput } from './schemas.ts';

/** CONTRACT: the login `session` is short-lived, at most 5 minutes. */
export const LOGIN_TTL_MS = 5 * 60 * 1000;

export type LoginDeps = Pick<
  AccountsDeps,
  'identity' | 'lockouts' | 'rates' | 'flags' | 'audit' | 'logins' | 'clock' | 'ids'
>;

/**
 * Primary course:
 * 1. refuse with `LOCKED` while the account is locked for this source (attempts are not counted then);
 * 2. check the password with the identity provider (a right password makes it send the SMS code);
 * 3. wrong password: count it, lock at the tenth (`LOCKED`, audited) or answer `BAD_CREDENTIALS`;
 * 4. right password: `SMS_MFA` with a new login session, or `MFA_SETUP` — tokens held server-side — when the
 *    account has no SMS second factor yet.
 */
export async function login(input: LoginInput, ctx: CallContext, deps: LoginDeps) {
  const { portal, email } = input;
  const now = deps.clock.now();
  const before = await applyLockout(deps.lockouts, portal, email, ctx.sourceIp, 'attempt', now);
  if (before.outcome === 'LOCKED') throw refuse.locked(before.lockedUntil);
  // A right password makes the provider send an SMS: the allowance is checked first, spent once it was sent.
  await requireSmsAllowance(deps.flags, email, ctx.sourceIp, now);

  const result = await deps.identity.passwordLogin(portal, email, input.password, ctx);
  if (result.kind === 'BAD_CREDENTIALS') {
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
    throw refuse.as('BAD_CREDENTIALS', 'E-mail o password non corretti.');
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
