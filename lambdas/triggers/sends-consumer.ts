/**
 * Consumer of `sends.fifo` (SQS event source, batches of up to 10, partial batch failures): for each send event,
 * `consumeSendEvent` files the send in the live provisional ranking by its recorded arrival time and sends the
 * receipt notification through the notifications topic; then the batch's sends are appended to the edition's
 * transparency log in one compare-and-set (docs/transparency.md "Sequencing"). A message that fails is reported alone
 * (`batchItemFailures`) and retried; after `SEND_QUEUE.maxReceiveCount` receives it lands in the DLQ (alarm).
 * In the local cloud, `local/sends-consumer.ts` polls the queue and calls this handler with the same event shape.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { awsClients } from '#adapters/clients';
import { DynamoLiveRanking } from '#adapters/dynamodb/live-ranking';
import { TopicNotifier } from '#adapters/messaging/notifications';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { type BatchItem, type ConsumerDeps, consumeSendBatch } from '#domain/counter/live-ranking';
import { parseSendEvent } from '#domain/counter/send-event';
import { parseEnv, tableNames } from '#http/env';
import { logAccess, sendLog } from '#wiring/transparency';
import { NOTIFICATIONS_TOPIC } from '#catalogue/resources';
import { observability } from '#adapters/observability';

const obs = observability('sends-consumer');
const log = obs.logger;

/** Processes every record; the ids of those that failed go back to the queue. */
export async function handleSendEvents(event: SQSEvent, deps: ConsumerDeps): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  const items: BatchItem<string>[] = [];
  for (const record of event.Records) {
    const parsed = parseSendEvent(record.body);
    if (parsed.ok) items.push({ id: record.messageId, event: parsed.event });
    else {
      log.error('not a send event', { messageId: record.messageId, problem: parsed.problem });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  const report = await consumeSendBatch(items, deps, (messageId, error) =>
    log.warn('send event not consumed; it will be retried', {
      messageId,
      errorName: error instanceof Error ? error.name : typeof error,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  for (const { id, outcome } of report.outcomes) log.info('send event consumed', { messageId: id, outcome });
  for (const id of report.failed) batchItemFailures.push({ itemIdentifier: id });
  return { batchItemFailures };
}

export function consumerDeps(env: NodeJS.ProcessEnv = process.env): ConsumerDeps {
  const tables = tableNames(['sends', 'applications', 'config'] as const, env);
  const topic = parseEnv({ [NOTIFICATIONS_TOPIC.env]: z.string().min(1) }, env)[NOTIFICATIONS_TOPIC.env] as string;
  const clients = awsClients();
  const applications = new DynamoApplications(clients.documents, tables.applications);
  const sends = new DynamoSends(clients.documents, tables.sends, tables.applications);
  return {
    sends,
    recipientOf: async (token) => (await applications.get(token))?.participant?.email,
    live: new DynamoLiveRanking(clients.documents, tables.config),
    notifier: new TopicNotifier(clients.sns, topic),
    clock: () => new Date(),
    log,
    sendLog: sendLog(
      logAccess({ documents: clients.documents, s3: clients.s3, configTable: tables.config, mode: 'sign', env }),
    ),
  };
}

let deps: ConsumerDeps | undefined;
export const handler = (event: SQSEvent) => {
  deps ??= consumerDeps();
  return handleSendEvents(event, deps);
};
