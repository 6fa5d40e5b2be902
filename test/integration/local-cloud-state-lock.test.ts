/**
 * The state folder's lock: a second `npm start` on a folder a live cloud holds — even with `--fresh` — is refused with
 * the holder's port and PID, and the first cloud keeps answering with its data (DynamoDB on disk, Cognito users);
 * a start with `--state-dir` elsewhere works. Clouds of this file's own (not the suite's), DynamoDB on disk.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type AwsClients, awsClients } from '#local/cloud-clients';
import { type Endpoints, readEndpoints } from '#local/endpoints';
import { type StartedCloud, startCloudProcess, stopCloudProcess } from './helpers/local-cloud-process.ts';
import { describeNeeding } from './helpers/requires.ts';
import { secretHash } from './helpers/cloud.ts';

jest.setTimeout(240_000);

const dirs = [mkdtempSync(join(tmpdir(), 'sportello-lock-a-')), mkdtempSync(join(tmpdir(), 'sportello-lock-b-'))];
const [held, elsewhere] = dirs as [string, string];
const started: StartedCloud[] = [];
let first: Endpoints;
let aws: AwsClients | undefined;

afterAll(async () => {
  aws?.destroy();
  await Promise.all(started.map((c) => stopCloudProcess(c.child)));
  if (!process.env.SPORTELLO_KEEP_STATE) for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const EMAIL = 'lucchetto@example.it';
const claimsTable = () => String(first.resources.tables.claims?.name);

describeNeeding('own-cloud', __filename)('the state folder of a running local cloud', () => {
  beforeAll(async () => {
    const cloud = await startCloudProcess({ stateDir: held, args: ['--port', '0', '--no-demo'] });
    started.push(cloud);
    first = readEndpoints(cloud.endpointsFile);
    aws = awsClients({ region: first.region, credentials: first.credentials, services: first.services });
    await aws.dynamodb.send(
      new PutItemCommand({ TableName: claimsTable(), Item: { claim: { S: 'LOCK#TEST' }, v: { S: 'kept' } } }),
    );
    const pool = first.resources.userPools.participant;
    await aws.cognito.send(
      new SignUpCommand({
        ClientId: pool.clientId,
        SecretHash: secretHash(EMAIL, pool.clientId, pool.clientSecret),
        Username: EMAIL,
        Password: 'Lucchetto#2026',
        UserAttributes: [
          { Name: 'email', Value: EMAIL },
          { Name: 'given_name', Value: 'Anna' },
          { Name: 'family_name', Value: 'Lucchetti' },
        ],
      }),
    );
  });

  test('given a cloud on the folder, when a second start with --fresh targets it, then it is refused naming port and PID', async () => {
    // Its log apart: the folder's cloud.log holds the first cloud's ready line.
    const logFile = join(elsewhere, 'refused.log');
    const refused = startCloudProcess({ stateDir: held, logFile, args: ['--port', '0', '--no-demo', '--fresh'] });
    const port = new URL(first.url).port;
    await expect(refused).rejects.toThrow(
      new RegExp(`in uso da un altro cloud locale \\(porta ${port}, PID ${first.pid}\\).*--state-dir`, 's'),
    );
  });

  test('then the first cloud keeps answering and keeps its data', async () => {
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    expect(existsSync(join(held, 'dynamodb'))).toBe(true);
    const item = await aws?.dynamodb.send(
      new GetItemCommand({ TableName: claimsTable(), Key: { claim: { S: 'LOCK#TEST' } }, ConsistentRead: true }),
    );
    expect(item?.Item?.v?.S).toBe('kept');
    const users = await aws?.cognito.send(
      new ListUsersCommand({ UserPoolId: first.resources.userPools.participant.poolId, Filter: `email = "${EMAIL}"` }),
    );
    expect(users?.Users?.length).toBe(1);
    expect(readEndpoints(join(held, 'endpoints.json')).pid).toBe(first.pid);
  });

  test('given --state-dir elsewhere, then a second cloud starts beside the first', async () => {
    const second = await startCloudProcess({
      stateDir: elsewhere,
      args: ['--port', '0', '--no-demo', '--in-memory'],
      timeoutMs: 180_000,
    });
    started.push(second);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
  });
});
