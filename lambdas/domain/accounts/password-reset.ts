/**
 * "Password dimenticata" (R8): a code to the registered e-mail or PEC, then a new password under R7.
 * `forgot` answers the same for unknown addresses (no enumeration); a wrong code is answered alike for every address,
 * and the code is spent after five wrong tries. A new password ends the current session.
 */
import { checkPassword } from './password.ts';
import { requireCodeUsable, wrongCode } from './code-tries.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext } from './ports.ts';
import { refuse } from './refusal.ts';
import type { ConfirmPasswordInput, ForgotInput } from './schemas.ts';
import { endSession } from './session.ts';
import { rememberSource } from './sign-in-guard.ts';

export type PasswordResetDeps = Pick<
  AccountsDeps,
  'identity' | 'rates' | 'sessions' | 'audit' | 'codeTries' | 'signIns' | 'clock'
>;

export const WRONG_RESET_CODE_MESSAGE =
  'Il codice di verifica non è corretto o non è più valido: controllare il messaggio ricevuto o chiederne uno nuovo con "Password dimenticata".';

/**
 * Primary course: 1. validate; 2. cap the e-mail codes; 3. ask the provider to send a new code (silently for nobody);
 * its wrong tries start again.
 */
export async function forgotPassword(input: ForgotInput, ctx: CallContext, deps: PasswordResetDeps): Promise<void> {
  await spendCode(deps.rates, 'email', input.email, ctx.sourceIp, deps.clock.now());
  await deps.codeTries.reset('password', input.portal, input.email);
  await deps.identity.forgotPassword(input.portal, input.email, ctx);
}

/**
 * Primary course: 1. validate, then R7 on the new password; refuse a code spent by five wrong tries; 2. confirm code
 * and password with the provider; 3. end the account's session (whoever held the old password is out) and remember
 * the source (the e-mailed code proves the owner is there); audit.
 */
export async function confirmNewPassword(input: ConfirmPasswordInput, ctx: CallContext, deps: PasswordResetDeps) {
  const check = checkPassword(input.password, input.confirmPassword);
  if (!check.ok) throw refuse.as('PASSWORD_POLICY', check.message);
  const now = deps.clock.now();
  await requireCodeUsable(deps.codeTries, 'password', input.portal, input.email);
  const outcome = await deps.identity.confirmForgotPassword(input.portal, input.email, input.code, input.password, ctx);
  if (outcome !== 'OK') {
    return wrongCode(deps.codeTries, 'password', input.portal, input.email, WRONG_RESET_CODE_MESSAGE, now);
  }
  await deps.codeTries.reset('password', input.portal, input.email);
  const account = await deps.identity.getAccount(input.portal, input.email);
  if (account) await endSession(input.portal, account.sub, deps);
  await rememberSource(deps.signIns, input.portal, input.email, ctx.sourceIp, now);
  await deps.audit.append({
    kind: 'PASSWORD_RESET',
    at: now.toISOString(),
    actor: input.email,
    data: { portal: input.portal, sourceIp: ctx.sourceIp },
  });
  return {};
}
