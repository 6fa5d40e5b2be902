/**
 * "Password dimenticata" (R8): a code to the registered e-mail or PEC, then a new password under R7.
 * `forgot` answers the same for unknown addresses (no enumeration). A new password ends the current session.
 */
import { checkPassword } from './password.ts';
import { spendCode } from './limits.ts';
import type { AccountsDeps, CallContext } from './ports.ts';
import { refuse } from './refusal.ts';
import { endSession } from './session.ts';
import type { ConfirmPasswordInput, ForgotInput } from './schemas.ts';

export type PasswordResetDeps = Pick<AccountsDeps, 'identity' | 'rates' | 'sessions' | 'audit' | 'clock'>;

/** Primary course: 1. validate; 2. cap the e-mail codes; 3. ask the provider to send the code (silently for nobody). */
export async function forgotPassword(input: ForgotInput, ctx: CallContext, deps: PasswordResetDeps): Promise<void> {
  await spendCode(deps.rates, 'email', input.email, ctx.sourceIp, deps.clock.now());
  await deps.identity.forgotPassword(input.portal, input.email, ctx);
}

const CODE_MESSAGES = {
  WRONG_CODE: 'Il codice di verifica non è corretto.',
  EXPIRED_CODE: 'Il codice di verifica è scaduto: chiedere un nuovo codice con "Password dimenticata".',
  UNKNOWN: 'Il codice di verifica non è corretto.',
};

/**
 * Primary course: 1. validate, then R7 on the new password; 2. confirm code and password with the provider;
 * 3. end the account's session (whoever held the old password is out); audit.
 */
export async function confirmNewPassword(input: ConfirmPasswordInput, ctx: CallContext, deps: PasswordResetDeps) {
  const check = checkPassword(input.password, input.confirmPassword);
  if (!check.ok) throw refuse.as('PASSWORD_POLICY', check.message);
  const outcome = await deps.identity.confirmForgotPassword(input.portal, input.email, input.code, input.password, ctx);
  if (outcome !== 'OK') throw refuse.as('BAD_CREDENTIALS', CODE_MESSAGES[outcome]);
  const account = await deps.identity.getAccount(input.portal, input.email);
  if (account) await endSession(input.portal, account.sub, deps);
  await deps.audit.append({
    kind: 'PASSWORD_RESET',
    at: deps.clock.now().toISOString(),
    actor: input.email,
    data: { portal: input.portal, sourceIp: ctx.sourceIp },
  });
  return {};
}
