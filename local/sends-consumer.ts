/**
 * What the Lambda event source mapping and the schedule do on AWS, for the local cloud: polls `sends.fifo` and hands
 * each batch to the real consumer (`lambdas/triggers/sends-consumer.ts`) as an SQS event, deleting the messages it
 * processed and leaving the failed ones to come back after the visibility timeout (then the DLQ); and runs the
 * reconciler (`lambdas/triggers/reconciler.ts`) and R22a's NCD freezer (`lambdas/triggers/ncd-freezer.ts`) on their AWS
 * schedules (the catalogue's `everyMinutes`: 5 and 1).
 *
 * `SPORTELLO_SENDS_CONSUMER=off` leaves the queue alone (events then wait in it); `SPORTELLO_NCD_FREEZER=off` stops
 * the freezer's schedule.
 *
 * The local cloud runs this in a process of its own (`sendsConsumerProcess.ts`, started and restarted by
 * `sendsConsumerSupervisor.ts`).
 *
 * Local courtesy: a message that is not a send event (a test or a person writing to the queue by hand) is made
 * visible again at once and the poller steps back for a moment, so whoever wrote it can still read it.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { TRIGGER_NEEDS } from '#catalogue/function-needs';
import { parseSendEvent } from '#domain/counter/send-event';

/**
 * The schedules AWS runs them on (the catalogue's EventBridge rates). The reconciler reads every list's 16 send
 * buckets (147 × 16 queries a run): run every minute instead of every 5, it took a noticeable share of the machine's
 * CPU during a local click day (`npm run bench -- clickday`), for nothing AWS would do.
 */
const RECONCILE_EVERY_MS = (TRIGGER_NEEDS.reconciler.everyMinutes ?? 5) * 60_000;
const FREEZE_EVERY_MS = (TRIGGER_NEEDS['ncd-freezer'].everyMinutes ?? 1) * 60_000;
const FOREIGN_BACKOFF_MS = 2_000;

type ConsumerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** A benchmark may want the queue left alone (on AWS the consumer runs on its own compute). */
export function sendsConsumerOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPORTELLO_SENDS_CONSUMER === 'off';
}

/** Exit status of the consumer's process when its configuration is unusable: restarting it would not help. */
export const SENDS_CONSUMER_EXIT_CONFIG = 78;

/**
 * Tests that move timetables back and forth (a registration closed an hour ago, then open again) would see axes
 * frozen under them by the schedule: their clouds turn it off, and the freeze is tested on its own.
 */
export function ncdFreezerOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SPORTELLO_NCD_FREEZER === 'off';
}

/** R22a's freezer on the schedule it has on AWS (every minute). */
function runNcdFreezer(warn: (m: string) => void): () => void {
  if (ncdFreezerOff()) return () => undefined;
  const timer = setInterval(() => {
    import('#triggers/ncd-freezer')
      .then((m) => m.handler())
      .catch((error: unknown) => warn(`ncd-freezer: ${(error as Error).message}`));
  }, FREEZE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export function runSendsConsumer(sqs: SQSClient, queue: { url: string; arn: string }, warn: (m: string) => void) {
  const stopFreezer = runNcdFreezer(warn);
  if (sendsConsumerOff()) return { stop: async () => stopFreezer() };
  let stopping = false;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let consumer: Promise<ConsumerHandler> | undefined;
  const consume = (event: SQSEvent) => {
    consumer ??= import('#triggers/sends-consumer').then((m) => m.handler as ConsumerHandler);
    return consumer.then((handle) => handle(event));
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 2,
            MessageSystemAttributeNames: ['All'],
          }),
          // Not aborted on stop: an abandoned long poll would still be answered by the emulator, and the messages it
          // took would stay invisible for the visibility timeout. The poll ends within WaitTimeSeconds.
        );
        const messages = received.Messages ?? [];
        const ours = messages.filter((m) => parseSendEvent(m.Body ?? '').ok);
        const foreign = messages.filter((m) => !ours.includes(m));
        for (const m of foreign) {
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queue.url,
              ReceiptHandle: m.ReceiptHandle,
              VisibilityTimeout: 0,
            }),
          );
        }
        if (ours.length > 0) {
          const { batchItemFailures } = await consume({ Records: ours.map((m) => sqsRecord(m, queue.arn)) });
          const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
          const done = ours.filter((m) => !failed.has(m.MessageId ?? ''));
          if (done.length > 0) {
            await sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: queue.url,
                Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
              }),
            );
          }
        }
        if (foreign.length > 0) await pause(FOREIGN_BACKOFF_MS);
      } catch (error) {
        if (stopping) break;
        warn(`sends consumer: ${(error as Error).message}; retrying`);
        await pause(1000);
      }
    }
  })();

  const reconcile = setInterval(() => {
    import('#triggers/reconciler')
      .then((m) => m.handler())
      .then((report) => {
        if (report.republished.length > 0) warn(`reconciler: republished ${report.republished.length} send events`);
      })
      .catch((error: unknown) => warn(`reconciler: ${(error as Error).message}`));
  }, RECONCILE_EVERY_MS);
  reconcile.unref();

  return {
    async stop() {
      stopFreezer();
      clearInterval(reconcile);
      stopping = true;
      await loop;
    },
  };
}

export function sqsRecord(m: Message, arn: string): SQSRecord {
  return {
    messageId: m.MessageId ?? '',
    receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: (m.Attributes ?? {}) as unknown as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: arn.split(':')[3] ?? '',
  };
}
