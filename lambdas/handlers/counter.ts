/**
 * The counter (*sportello*) Lambda (R13–R16): `GET /sportello/status` (public, cached ~1 s at the edge), the
 * practice and send forms, the send, the receipt, and the receipt keys (JWKS). Wiring only: clients and repositories
 * at module scope (built once per cold start), the form secret and receipt key read lazily on first use (Secrets
 * Manager / KMS on AWS), the access token verified by the shared token guard, the session checked by the use cases
 * (batched with their reads), behaviour in `#domain/counter/*`.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoCounterConfig } from '#adapters/dynamodb/counter-config';
import { DynamoCounterReads } from '#adapters/dynamodb/counter-reads';
import { formSecretFromEnv } from '#adapters/secrets';
import { poolsFromEnv } from '#adapters/cognito/pools';
import { DynamoListTotals } from '#adapters/dynamodb/list-totals';
import { MemoryRateCounter } from '#domain/kernel/rate-counter';
import { DynamoParticipantApplications } from '#adapters/dynamodb/participant-applications';
import { receiptSignerFromEnv } from '#adapters/signing/kms-receipt-signer';
import { DynamoRateCounter } from '#adapters/dynamodb/rate-counter';
import { DynamoSessions } from '#adapters/dynamodb/sessions';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { CounterDeps } from '#domain/counter/ports';
import { SentReceipts } from '#domain/counter/ledger';
import { accessTokenVerifier, tokenAuthenticator } from '#http/auth';
import { parseEnv, tableNames } from '#http/env';
import { loadOnce } from '#domain/kernel/once';
import { lambdaHttp } from '#wiring/http';
import { SEND_QUEUE } from '#catalogue/resources';
import { counterRoutes } from '#http/routes/counter';
import { statusRoute } from '#http/routes/status';

const tables = tableNames(['applications', 'sends', 'security', 'config']);
const env = parseEnv({ [SEND_QUEUE.env]: z.string().min(1) });
const clients = awsClients();
const log = new Logger({ serviceName: 'sportello-counter' });
const config = new DynamoConfig(clients.documents, tables.config);
const sessions = new DynamoSessions(clients.documents, tables.security);
const signer = receiptSignerFromEnv(clients.kms);

const deps = loadOnce(async (): Promise<CounterDeps> => ({
  sessions,
  participants: new DynamoParticipantApplications(clients.documents, tables.applications),
  config: new DynamoCounterConfig(clients.documents, tables.config),
  reads: new DynamoCounterReads(clients.documents, tables),
  listTotals: new DynamoListTotals(clients.documents, tables.applications),
  sends: new DynamoSends(clients.documents, tables.sends, tables.applications),
  sent: new SentReceipts(),
  accountRates: new DynamoRateCounter(clients.documents, tables.security),
  sourceRates: new MemoryRateCounter(),
  signer,
  events: new SqsSendEvents(clients.sqs, env[SEND_QUEUE.env] as string),
  formSecret: await formSecretFromEnv(),
  newReceiptId: randomUUID,
  log,
}));

export const handler = lambdaHttp(
  { 'GET /sportello/status': statusRoute(config), ...counterRoutes({ deps, signer: async () => signer }) },
  { authenticate: tokenAuthenticator(accessTokenVerifier(poolsFromEnv())) },
);
