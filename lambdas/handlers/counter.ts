/**
 * The counter (*sportello*) Lambda (R13–R16): `GET /sportello/status` (public, cached ~1 s at the edge), the
 * practice and send forms, the send, the receipt, and the receipt keys (JWKS). Wiring only, all at module scope
 * (once per cold start): clients and repositories, the form key and receipt key read on first use (Secrets Manager on
 * AWS), the access token verified by the token authenticator, the session checked by the use cases (batched with
 * their reads), behaviour in `#domain/counter/*`.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { poolsFromEnv } from '#adapters/cognito/pools';
import { DynamoConfig } from '#adapters/dynamodb/config';
import { DynamoCounterConfig } from '#adapters/dynamodb/counter-config';
import { DynamoCounterReads } from '#adapters/dynamodb/counter-reads';
import { DynamoListTotals } from '#adapters/dynamodb/list-totals';
import { DynamoParticipantApplications } from '#adapters/dynamodb/participant-applications';
import { DynamoRateCounter } from '#adapters/dynamodb/rate-counter';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { DynamoSessions } from '#adapters/dynamodb/sessions';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { formSecretFromEnv } from '#adapters/secrets';
import { SEND_QUEUE } from '#catalogue/resources';
import type { CounterDeps } from '#domain/counter/ports';
import { SentReceipts } from '#domain/counter/send';
import { MemoryRateCounter } from '#domain/kernel/rate-counter';
import { accessTokenVerifier, tokenAuthenticator } from '#http/auth';
import { parseEnv, tableNames } from '#http/env';
import { counterRoutes } from '#http/routes/counter';
import { statusRoute } from '#http/routes/status';
import { lambdaHttp } from '#wiring/http';
import { sendOutcomes } from '#wiring/observability';
import { observability } from '#adapters/observability';
import { receiptSigner } from '#wiring/signing';
import { logAccess, logProofs } from '#wiring/transparency';

const tables = tableNames(['applications', 'sends', 'security', 'config']);
const env = parseEnv({ [SEND_QUEUE.env]: z.string().min(1) });
const clients = awsClients();
const obs = observability('counter');
const log = obs.logger;

const deps: CounterDeps = {
  sessions: new DynamoSessions(clients.documents, tables.security),
  participants: new DynamoParticipantApplications(clients.documents, tables.applications),
  config: new DynamoCounterConfig(clients.documents, tables.config),
  reads: new DynamoCounterReads(clients.documents, tables),
  listTotals: new DynamoListTotals(clients.documents, tables.applications),
  sends: new DynamoSends(clients.documents, tables.sends, tables.applications),
  sent: new SentReceipts(),
  accountRates: new DynamoRateCounter(clients.documents, tables.security),
  sourceRates: new MemoryRateCounter(),
  signer: receiptSigner(tables.config, 'certify', log),
  events: new SqsSendEvents(clients.sqs, env[SEND_QUEUE.env] as string),
  formSecret: { load: () => formSecretFromEnv() },
  newReceiptId: randomUUID,
  log,
  logProofs: logProofs(
    logAccess({ documents: clients.documents, s3: clients.s3, configTable: tables.config, mode: 'read' }),
  ),
};

export const handler = lambdaHttp(
  obs,
  {
    'GET /sportello/status': statusRoute(new DynamoConfig(clients.documents, tables.config)),
    ...counterRoutes(deps),
  },
  {
    authenticate: tokenAuthenticator(accessTokenVerifier(poolsFromEnv())),
    outcome: sendOutcomes(obs.business),
  },
);
