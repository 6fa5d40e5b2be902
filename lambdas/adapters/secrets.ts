/**
 * Secrets the functions read: an environment variable holds a Secrets Manager ARN on AWS (read through the shared
 * client, once per cold start by its caller) and the secret itself in the local cloud.
 *
 * The send form's HMAC secret (`formId`) is derived with HKDF-SHA256 from the participant pool's backend client
 * secret under a label of its own: no extra secret to provision or rotate, and knowing a formId key reveals nothing of
 * the client secret (HKDF is one-way).
 */
import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ORIGIN_SECRET_ENV } from '#catalogue/function-needs';
import { USER_POOLS } from '#catalogue/resources';
import { awsClients } from './clients.ts';
import { guard } from './failures.ts';

const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:/;
const FORM_LABEL = 'sportello/send-form/v1';

/** The secret named by environment variable `name` (its value, or the value of the secret its ARN names). */
export async function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const source = env[name];
  if (!source) throw new Error(`Invalid environment: ${name} is required`);
  if (!SECRET_ARN.test(source)) return source;
  const out = await guard('secretsmanager:GetSecretValue', () =>
    awsClients().secrets.send(new GetSecretValueCommand({ SecretId: source })),
  );
  if (!out.SecretString) throw new Error(`secret ${name} has no string value`);
  return out.SecretString;
}

/**
 * Every value of the origin secret a request may carry: on AWS the secret's current version and, during a rotation,
 * its pending and previous ones (CloudFront and the WAF move from one to the other while requests are in flight).
 */
export async function originSecretValues(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const source = env[ORIGIN_SECRET_ENV];
  if (!source) throw new Error(`Invalid environment: ${ORIGIN_SECRET_ENV} is required`);
  if (!SECRET_ARN.test(source)) return [source];
  const stages = await Promise.all(
    ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'].map((VersionStage) =>
      guard('secretsmanager:GetSecretValue', () =>
        awsClients().secrets.send(new GetSecretValueCommand({ SecretId: source, VersionStage })),
      ).then(
        (out) => out.SecretString,
        (error: unknown) => {
          // A stage no version holds (no rotation in progress, none done yet).
          if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
          throw error;
        },
      ),
    ),
  );
  const values = stages.filter((v): v is string => Boolean(v));
  if (values.length === 0) throw new Error('the origin secret has no current value');
  return values;
}

export function deriveFormSecret(clientSecret: string): Uint8Array {
  if (clientSecret.length < 16) throw new Error('the participant client secret is too short to derive a form key');
  return new Uint8Array(hkdfSync('sha256', clientSecret, 'sportello', FORM_LABEL, 32));
}

export async function formSecretFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  return deriveFormSecret(await secretFromEnv(USER_POOLS.participant.env.clientSecret, env));
}
