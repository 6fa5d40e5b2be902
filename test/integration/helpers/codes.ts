/**
 * The one place the integration tests get the verification codes Cognito sends (sign-up, resend, forgotten password,
 * phone verification, SMS MFA). Two sources behind one interface, chosen by `SPORTELLO_CODE_SOURCE`:
 *
 * - `outbox` — `GET /api/local/outbox` of the cloud under test, which hears every message of the Cognito emulator it
 *   started. The default when that cloud runs its own Cognito.
 * - `table` — Cognito's codes from the verification codes table `sportello-<stage>-codes` on the DynamoDB under test
 *   (local/provision/codes.ts): filled by the cloud that runs the project's Cognito emulator, or on AWS and LocalStack
 *   by the test pools' custom sender triggers (docs/testing.md); with them, the codes the product texts itself (the
 *   phone verification), which reach the outbox through the notifications topic whatever the SNS and SQS are. The
 *   default when Cognito is external.
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { api, endpoints } from './cloud.ts';

export interface SentCode {
  readonly code: string;
  readonly channel: 'email' | 'sms';
  readonly sentAt: string;
}

export interface CodeSource {
  readonly name: 'outbox' | 'table';
  /** The codes sent to `to` so far, newest first. */
  sent(to: string): Promise<SentCode[]>;
}

const address = (to: string) => (to.includes('@') ? to.toLowerCase() : to);

const outboxSource: CodeSource = {
  name: 'outbox',
  async sent(to) {
    const { body } = await api<{ code: string | null; channel: 'email' | 'sms'; sentAt: string }[]>(
      `/local/outbox?to=${encodeURIComponent(to)}`,
    );
    return body.flatMap((m) => (m.code ? [{ code: m.code, channel: m.channel, sentAt: m.sentAt }] : []));
  },
};

function tableSource(): CodeSource {
  const e = endpoints();
  const table = e.resources.codes?.name;
  if (!table) throw new Error('SPORTELLO_CODE_SOURCE=table, but the cloud under test provisioned no codes table');
  const dynamodb = new DynamoDBClient({
    region: e.region,
    endpoint: e.services.dynamodb,
    ...(e.credentials ? { credentials: e.credentials } : {}),
  });
  return {
    name: 'table',
    async sent(to) {
      const out = await dynamodb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#to = :to',
          ExpressionAttributeNames: { '#to': 'to' },
          ExpressionAttributeValues: { ':to': { S: address(to) } },
          ScanIndexForward: false,
          ConsistentRead: true,
        }),
      );
      const cognito: SentCode[] = (out.Items ?? []).map((item) => ({
        code: String(item.code?.S),
        channel: item.channel?.S === 'sms' ? 'sms' : 'email',
        sentAt: String(item.sentAt?.S).split('#')[0] as string,
      }));
      const own = await outboxSource.sent(to);
      return [...cognito, ...own].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    },
  };
}

let chosen: CodeSource | undefined;

export function codeSource(env: NodeJS.ProcessEnv = process.env): CodeSource {
  if (chosen) return chosen;
  const asked = env.SPORTELLO_CODE_SOURCE || (endpoints().external.includes('cognito') ? 'table' : 'outbox');
  if (asked !== 'outbox' && asked !== 'table') {
    throw new Error(`SPORTELLO_CODE_SOURCE must be "outbox" or "table", not "${asked}"`);
  }
  chosen = asked === 'table' ? tableSource() : outboxSource;
  return chosen;
}

/** The codes sent to `to`, newest first, once there are at least `count` (polled: delivery is asynchronous). */
export async function codesSent(to: string, count = 1, timeoutMs = 10_000): Promise<SentCode[]> {
  const source = codeSource();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = await source.sent(to);
    if (sent.length >= count) return sent;
    if (Date.now() > deadline) throw new Error(`fewer than ${count} codes for ${to} from the ${source.name} source`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The newest code sent to `to`, waiting until `count` codes have been sent to it. */
export async function codeFor(to: string, count = 1): Promise<string> {
  const [newest] = await codesSent(to, count);
  return (newest as SentCode).code;
}
