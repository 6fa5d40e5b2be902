/**
 * The identity provider port over Cognito user pools, through each portal's backend app client (with its secret:
 * every client-level call carries SECRET_HASH). Only calls that behave the same on AWS and in cognito-local (with
 * the project's patch, docs/accounts.md) are used: SignUp/ConfirmSignUp/ResendConfirmationCode, InitiateAuth
 * (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) + RespondToAuthChallenge (SMS_MFA), RevokeToken,
 * AdminUpdateUserAttributes + AdminSetUserMFAPreference for the phone the product verified, ForgotPassword,
 * ConfirmForgotPassword, AdminGetUser, AdminDeleteUser, ListUsers. No call uses a user's access token: the tokens
 * carry no self-service scope (`token-scopes.ts`). The caller's address goes to Cognito as
 * UserContextData wherever the API takes it (threat protection scores the real source, not the Lambda).
 *
 * Errors: a throttle (Cognito's own sign-in throttle included) becomes a `RATE_LIMITED` refusal; a service fault
 * `Unavailable`; expected outcomes are values; anything else is a defect and propagates.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider } from '#domain/accounts/ports';
import type { Portal } from '#domain/kernel/portal';
import { CognitoAccounts } from './accounts.ts';
import { CognitoPassword } from './password.ts';
import { CognitoPhone } from './phone.ts';
import type { PoolAccess } from './pools.ts';
import { CognitoSignIn } from './sign-in.ts';
import { CognitoSignUp } from './sign-up.ts';

/** The port, one flow per file: each method is its flow's. */
export class CognitoIdentity implements IdentityProvider {
  readonly signUp;
  readonly confirmSignUp;
  readonly resendSignUpCode;
  readonly passwordLogin;
  readonly answerSmsChallenge;
  readonly refresh;
  readonly revoke;
  readonly enrolPhone;
  readonly forgotPassword;
  readonly confirmForgotPassword;
  readonly getAccount;
  readonly deleteAccount;
  readonly listUnconfirmed;

  constructor(cognito: CognitoIdentityProviderClient, pools: (portal: Portal) => PoolAccess) {
    const signUp = new CognitoSignUp(cognito, pools);
    const signIn = new CognitoSignIn(cognito, pools);
    const phone = new CognitoPhone(cognito, pools);
    const password = new CognitoPassword(cognito, pools);
    const accounts = new CognitoAccounts(cognito, pools);
    this.signUp = signUp.signUp.bind(signUp);
    this.confirmSignUp = signUp.confirmSignUp.bind(signUp);
    this.resendSignUpCode = signUp.resendSignUpCode.bind(signUp);
    this.passwordLogin = signIn.passwordLogin.bind(signIn);
    this.answerSmsChallenge = signIn.answerSmsChallenge.bind(signIn);
    this.refresh = signIn.refresh.bind(signIn);
    this.revoke = signIn.revoke.bind(signIn);
    this.enrolPhone = phone.enrolPhone.bind(phone);
    this.forgotPassword = password.forgotPassword.bind(password);
    this.confirmForgotPassword = password.confirmForgotPassword.bind(password);
    this.getAccount = accounts.getAccount.bind(accounts);
    this.deleteAccount = accounts.deleteAccount.bind(accounts);
    this.listUnconfirmed = accounts.listUnconfirmed.bind(accounts);
  }
}
