/**
 * The verification codes table `sportello-<stage>-codes`: every code Cognito sends (sign-up, resend, forgot password,
 * phone verification, SMS MFA), one item per message, for the integration tests to read where the outbox cannot help —
 * a Cognito the suite did not start. Never part of an AWS stack of the product.
 *
 * Who writes it: locally, the cloud that runs the Cognito emulator, for every pool of a stage that has this table
 * (cognito-local hands its messages over to that cloud, whatever pool they belong to); on AWS or LocalStack, a
 * CustomEmailSender/CustomSMSSender trigger of the test pools, which the project does not ship (docs/testing.md).
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { type DynamoDBClient, PutItemCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { physicalName } from '#catalogue/resources';
import type { CognitoMessage } from '#local/emulators/cognito';
import { fromCognito } from '#local/outbox';
import { ensureTable, type TableShape } from './tables.ts';
import { poolsByName } from './user-pools.ts';

export const CODES_TABLE: TableShape = {
  id: 'codes',
  /** The address (e-mail lower-cased) or E.164 number the code went to. */
  partitionKey: { name: 'to', type: 'S' },
  /** ISO instant + `#` + a random suffix: newest last, two codes in one millisecond both kept. */
  sortKey: { name: 'sentAt', type: 'S' },
  indexes: [],
  ttlAttribute: 'expiresAt',
};

/** A day: codes expire long before, and a test run never needs older ones. */
const KEEP_SECONDS = 86_400;

export const codesTableName = (stage: string) => physicalName(stage, CODES_TABLE.id);

export async function provisionCodesTable(client: DynamoDBClient, stage: string): Promise<{ name: string }> {
  return { name: await ensureTable(client, stage, CODES_TABLE) };
}

/** `e-mail` addresses compare case-insensitively (as the outbox does); phone numbers as given. */
export const codeAddress = (to: string) => (to.includes('@') ? to.toLowerCase() : to);

/**
 * Records each Cognito message with a code in the codes table of its pool's stage (`sportello-<stage>-participants`
 * → `sportello-<stage>-codes`); a stage without that table is skipped. Failures are reported, never thrown: a code
 * that is not recorded must not break the emulator's delivery.
 */
export function codesRecorder(
  clients: { dynamodb: DynamoDBClient; cognito: CognitoIdentityProviderClient },
  warn: (line: string) => void,
): (message: CognitoMessage) => Promise<void> {
  const poolOf = poolsByName(clients.cognito);
  const tableOf = async (poolId: string) => {
    const pool = await poolOf(poolId);
    return pool ? codesTableName(pool.stage) : undefined;
  };
  return async (message) => {
    if (!message.code) return;
    const delivered = fromCognito(message);
    try {
      const table = await tableOf(message.userPoolId);
      if (!table) return;
      await clients.dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            to: { S: codeAddress(delivered.to) },
            sentAt: { S: `${delivered.sentAt}#${Math.random().toString(36).slice(2, 8)}` },
            code: { S: message.code },
            channel: { S: delivered.channel },
            source: { S: message.source },
            expiresAt: { N: String(Math.floor(Date.now() / 1000) + KEEP_SECONDS) },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return;
      warn(`codes table: the ${message.source} code to ${delivered.to} was not recorded (${(error as Error).message})`);
    }
  };
}
