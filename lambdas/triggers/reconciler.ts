/**
 * Reconciler of send events (scheduled, e.g. every 5 minutes on click day; once more after M6): republishes the event
 * of every send the consumer has not filed within `RECONCILE_GRACE_MS` of its arrival — the publish after the commit
 * failed, or the counter died in between. Reads only with Query/GetItem (no Scan): sent applications per list through
 * the sends index `byListBucket`, filed entries per list from the config table, each record from the sends table.
 * Then it appends to the edition's log every recorded send the log lacks, so that after it has run the log holds
 * one `send` leaf per record. In the local cloud, `local/sends-consumer.ts` runs it on a timer.
 */
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { DynamoLiveRanking, sentApplicationsIn } from '#adapters/dynamodb/live-ranking';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { EVERY_LIST } from '#domain/kernel/geography';
import { DynamoSendRecords } from '#adapters/dynamodb/sends';
import { type ReconcileReport, type ReconcilerDeps, reconcileSendEvents } from '#domain/counter/live-ranking';
import { parseEnv, tableNames } from '#http/env';
import { type ReconcileLogReport, reconcileLog } from '#domain/transparency/sequencer';
import { type LogAccess, logAccess } from '#wiring/transparency';
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

/**
 * The log's half of the reconciliation: every recorded send of every list gets its leaf (those the consumer did not
 * append: a lost event, a batch that kept failing). Afterwards the log's sends are exactly the records.
 */
export async function reconcileLogOfLists(deps: ReconcilerDeps, access: LogAccess): Promise<ReconcileLogReport | null> {
  const open = await access.current();
  if (!open) return null;
  const total: ReconcileLogReport = { checked: 0, appended: 0, conflicts: [] };
  for (const { region, axis } of await deps.lists()) {
    const tokens = (await deps.sentIn(region, axis)).map((s) => s.token);
    if (tokens.length === 0) continue;
    const report = await reconcileLog(tokens, {
      log: open.log,
      logged: async (keys) => new Set((await open.store.findLeaves(keys)).keys()),
      sendsOf: async (missing) =>
        (await Promise.all(missing.map((t) => deps.sends.get(t)))).filter((s) => s !== undefined),
    });
    total.checked += report.checked;
    total.appended += report.appended;
    total.conflicts.push(...report.conflicts);
  }
  return total;
}

let deps: { events: ReconcilerDeps; log: LogAccess } | undefined;
export const handler = async (): Promise<ReconcileReport & { log: ReconcileLogReport | null }> => {
  deps ??= { events: reconcilerDeps(), log: reconcilerLog() };
  const run = { ...deps.events, sentIn: sentOncePerRun(deps.events.sentIn) };
  const report = await reconcileSendEvents(run);
  if (report.republished.length > 0) {
    log.warn('send events republished', { count: report.republished.length });
    obs.business.count('EventsRepublished', undefined, report.republished.length);
    flushMetrics(obs.metrics);
  }
  const logged = await reconcileLogOfLists(run, deps.log);
  if (logged && logged.appended > 0) log.warn('sends appended to the log by the reconciler', { ...logged });
  if (logged && logged.conflicts.length > 0) log.error('log entries differ from the record', { ...logged });
  return { ...report, log: logged };
};

function reconcilerLog(env: NodeJS.ProcessEnv = process.env): LogAccess {
  const tables = tableNames(['config'] as const, env);
  const clients = awsClients();
  return logAccess({ documents: clients.documents, s3: clients.s3, configTable: tables.config, mode: 'sign', env });
}

/**
 * Both halves of a run read every list's sends (16 bucket queries a list): read once per run. A send recorded between
 * the halves is the next run's, as one recorded just after the run would be.
 */
function sentOncePerRun(sentIn: ReconcilerDeps['sentIn']): ReconcilerDeps['sentIn'] {
  const read = new Map<string, ReturnType<ReconcilerDeps['sentIn']>>();
  return (region, axis) => {
    const key = `${region}#${axis}`;
    let sent = read.get(key);
    if (!sent) {
      sent = sentIn(region, axis);
      read.set(key, sent);
    }
    return sent;
  };
}
