/**
 * Reconciler of send events (scheduled, e.g. every 5 minutes on click day; once more after M6): republishes the event
 * of every send the consumer has not filed within `RECONCILE_GRACE_MS` of its arrival — the publish after the commit
 * failed, or the counter died in between. Reads only with Query/GetItem (no Scan): sent applications per list through
 * the sends index `byListBucket`, filed entries per list from the config table, each record from the sends table.
 * In the local cloud, `local/sends-consumer.ts` runs it on a timer.
 */
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { DynamoLiveRanking, sentApplicationsIn } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { EVERY_LIST } from '#domain/kernel/geography';
import { DynamoSendRecords } from '#adapters/dynamodb/sends';
import { type ReconcileReport, type ReconcilerDeps, reconcileSendEvents } from '#domain/counter/live-ranking';
import { parseEnv, tableNames } from '#http/env';
import { SEND_QUEUE } from '#catalogue/resources';
import { flushMetrics, observability } from '#adapters/observability';

const obs = observability('reconciler');
const log = obs.logger;

export function reconcilerDeps(env: NodeJS.ProcessEnv = process.env): ReconcilerDeps {
  const tables = tableNames(['sends', 'config'] as const, env);
  const queueUrl = parseEnv({ [SEND_QUEUE.env]: z.string().min(1) }, env)[SEND_QUEUE.env] as string;
  const clients = awsClients();
  const sends = new DynamoSendRecords(clients.documents, tables.sends);
  const republisher = new SqsSendEvents(clients.sqs, queueUrl, () => new Date(), 'reconciler');
  return {
    lists: async () => [...EVERY_LIST],
    sentIn: (region, axis) => sentApplicationsIn(clients.documents, tables.sends, region, axis),
    live: new DynamoLiveRanking(clients.documents, tables.config),
    sends,
    republish: (send) => republisher.publish(send),
    clock: () => new Date(),
  };
}

let deps: ReconcilerDeps | undefined;
export const handler = async (): Promise<ReconcileReport> => {
  deps ??= reconcilerDeps();
  const report = await reconcileSendEvents(deps);
  if (report.republished.length > 0) {
    log.warn('send events republished', { count: report.republished.length });
    obs.business.count('EventsRepublished', undefined, report.republished.length);
    flushMetrics(obs.metrics);
  }
  return report;
};
