/**
 * The counter (*sportello*) Lambda (R13–R16): `GET /sportello/status` (public, cached ~1 s at the edge), the
 * practice and send forms, the send, the receipt, and the receipt keys (JWKS). Wiring only: clients and repositories
 * at module scope (built once per cold start), the form secret and receipt key read lazily on first use (Secrets
 * Manager / KMS on AWS), authentication by the shared session guard, behaviour in `#domain/counter/*`.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/config';
import { DynamoCounterConfig } from '#adapters/counterConfig';
import { DynamoCounterReads } from '#adapters/counterReads';
import { formSecretFromEnv } from '#adapters/counterSecrets';
import { systemClock } from '#adapters/identityDeps';
import { poolsFromEnv } from '#adapters/identityPools';
import { DynamoListTotals } from '#adapters/listTotals';
import { MemoryRateCounter } from '#adapters/memoryRateCounter';
import { DynamoParticipantApplications } from '#adapters/participantApplications';
import { receiptSignerFromEnv } from '#adapters/receiptSigner';
import { DynamoRateCounter, DynamoSessions } from '#adapters/security';
import { SqsSendEvents } from '#adapters/sendEvents';
import { DynamoSends } from '#adapters/sends';
import type { CounterDeps } from '#domain/counter/ports';
import { SentReceipts } from '#domain/counter/sentReceipts';
import { type Axis, parseAxis, parseRegion, type Region } from '#domain/geography';
import { toIsoUtc } from '#domain/instant';
import type { ConfigStore } from '#domain/ports';
import { MOMENT_KEYS, phaseAt, resolveTimetable, scopeCandidates } from '#domain/timetable';
import { accessTokenVerifier, authenticatedCaller, sessionGuard } from '#shared/auth';
import { parseEnv, tableNames } from '#shared/env';
import { httpHandler, ok, route } from '#shared/http';
import { SEND_QUEUE } from '#shared/resources';
import { counterRoutes } from './counterRoutes.ts';

/** Regions match on the slug (`valle-d-aosta`, `Valle d'Aosta`); the answer is the canonical name. */
const regionParam = z.string().transform((text, ctx): Region => {
  const region = parseRegion(text);
  if (region) return region;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `Regione o provincia autonoma non riconosciuta: "${text}".`,
  });
  return z.NEVER;
});
const axisParam = z.string().transform((text, ctx): Axis => {
  const axis = parseAxis(text);
  if (axis) return axis;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `Asse di finanziamento non riconosciuto: "${text}" (valori ammessi: 1.1, 1.2, 2, 3, 4, 5.1, 5.2).`,
  });
  return z.NEVER;
});

export const StatusQuery = z.object({ region: regionParam.optional(), axis: axisParam.optional() });

export interface StatusBody {
  phase: string;
  serverTime: string;
  registrationCloses: string | null;
  moments: Record<(typeof MOMENT_KEYS)[number], string> | null;
}

export const statusRoute = (config: ConfigStore) =>
  route({
    query: StatusQuery,
    async handle({ query, request }) {
      const set = await config.timetablesFor(scopeCandidates(query.region, query.axis));
      const timetable = resolveTimetable(set, query.region, query.axis);
      const body: StatusBody = {
        phase: phaseAt(timetable, request.arrivalMs),
        serverTime: toIsoUtc(request.arrivalMs),
        registrationCloses: timetable ? toIsoUtc(timetable.registrationCloses) : null,
        moments: timetable
          ? (Object.fromEntries(MOMENT_KEYS.map((k) => [k, toIsoUtc(timetable.moments[k])])) as StatusBody['moments'])
          : null,
      };
      return ok(body);
    },
  });

const tables = tableNames(['applications', 'sends', 'security', 'config']);
const env = parseEnv({ [SEND_QUEUE.env]: z.string().min(1) });
const clients = awsClients();
const log = new Logger({ serviceName: 'sportello-counter' });
const config = new DynamoConfig(clients.documents, tables.config);
const sessions = new DynamoSessions(clients.documents, tables.security);
const signer = receiptSignerFromEnv(clients.kms);

/** Retried on the next request when the first read failed, instead of poisoning the warm function. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

const deps = once(
  async (): Promise<CounterDeps> => ({
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
  }),
);

export const handler = httpHandler(
  {
    'GET /sportello/status': statusRoute(config),
    ...counterRoutes({
      deps,
      signer: async () => signer,
      participantOf: (request) => {
        const caller = authenticatedCaller(request);
        return { sub: caller.sub, sessionId: caller.sessionId };
      },
    }),
  },
  { guards: [sessionGuard(accessTokenVerifier(poolsFromEnv()), { sessions, clock: systemClock })] },
);
