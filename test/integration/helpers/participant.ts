/**
 * A confirmed participant account in the pool under test, signed in: the tokens a portal session starts from. Only a
 * confirmed user is needed here, so the account is confirmed with the admin API (no code to read: it works on any
 * Cognito); the flows that confirm with a code are the accounts tests, through helpers/codes.ts.
 */
import {
  AdminConfirmSignUpCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { endpoints, secretHash, signUpParticipant, uniqueEmail } from './cloud.ts';

export interface SignedIn {
  readonly email: string;
  readonly accessToken: string;
  readonly idToken: string;
}

export async function signedInParticipant(cognito: CognitoIdentityProviderClient): Promise<SignedIn> {
  const pool = endpoints().resources.userPools.participant;
  const email = uniqueEmail('participant');
  const password = 'Prova-Sportello-2026!';
  const SecretHash = secretHash(email, pool.clientId, pool.clientSecret);
  await signUpParticipant(cognito, email, password, { given: 'Luca', family: 'Bianchi' });
  await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: email }));
  const auth = await cognito.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: SecretHash },
    }),
  );
  const accessToken = auth.AuthenticationResult?.AccessToken;
  const idToken = auth.AuthenticationResult?.IdToken;
  if (!accessToken || !idToken) throw new Error(`no tokens for ${email}: ${JSON.stringify(auth)}`);
  return { email, accessToken, idToken };
}
