/** A confirmed participant account in the local cloud's pool, signed in: the tokens a portal session starts from. */
import {
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { api, endpoints, secretHash, signUpParticipant, uniqueEmail } from './cloud.ts';

export interface SignedIn {
  readonly email: string;
  readonly accessToken: string;
  readonly idToken: string;
}

async function outboxCode(to: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const { body } = await api<{ code: string | null }[]>(`/local/outbox?to=${encodeURIComponent(to)}`);
    const code = body[0]?.code;
    if (code) return code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code in the outbox for ${to}`);
}

export async function signedInParticipant(cognito: CognitoIdentityProviderClient): Promise<SignedIn> {
  const pool = endpoints().resources.userPools.participant;
  const email = uniqueEmail('participant');
  const password = 'Prova-Sportello-2026!';
  const SecretHash = secretHash(email, pool.clientId, pool.clientSecret);
  await signUpParticipant(cognito, email, password, { given: 'Luca', family: 'Bianchi' });
  const code = await outboxCode(email);
  await cognito.send(
    new ConfirmSignUpCommand({ ClientId: pool.clientId, SecretHash, Username: email, ConfirmationCode: code }),
  );
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
