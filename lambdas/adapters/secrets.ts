/**
 * The send form's HMAC secret (`formId`, DESIGN "The send path"), derived with HKDF-SHA256 from the participant
 * pool's backend client secret under a label of its own: no extra secret to provision or rotate, and knowing a formId
 * key reveals nothing of the client secret (HKDF is one-way). The variable `PARTICIPANT_CLIENT_SECRET` holds a
 * Secrets Manager ARN on AWS (read once per cold start) and the secret itself in the local cloud.
 */
import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { USER_POOLS } from '#catalogue/resources';
import { guard } from './failures.ts';

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:/;
const LABEL = 'sportello/send-form/v1';

export function deriveFormSecret(clientSecret: string): Uint8Array {
  if (clientSecret.length < 16) throw new Error('the participant client secret is too short to derive a form key');
  return new Uint8Array(hkdfSync('sha256', clientSecret, 'sportello', LABEL, 32));
}

export async function formSecretFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const name = USER_POOLS.participant.env.clientSecret;
  const source = env[name];
  if (!source) throw new Error(`Invalid environment: ${name} is required`);
  if (!SECRET_ARN.test(source)) return deriveFormSecret(source);
  const out = await guard('secretsmanager:GetSecretValue', () =>
    new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: source })),
  );
  if (!out.SecretString) throw new Error(`secret ${name} has no string value`);
  return deriveFormSecret(out.SecretString);
}
