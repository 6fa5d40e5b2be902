/**
 * What the SQS event source mapping does on AWS for the notification sender, in the local cloud: polls the
 * notifications topic's delivery queue and hands each batch to the deployed code (`handleNotifications` of
 * `lambdas/triggers/notification-sender.ts`) as an SQS event — e-mail through the real SES v2 client to the SES
 * emulator, SMS through the outbox's SMS port — deleting what succeeded and leaving failures to come back after the
 * visibility timeout, then the DLQ. After each batch the outbox reads the e-mails the emulator accepted.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeliveryDeps } from '#domain/notifications/deliver';
import type { Outbox } from './outbox.ts';
import { sqsRecord } from './sends-consumer.ts';

type Sender = {
  handleNotifications(event: SQSEvent, deps: DeliveryDeps): Promise<SQSBatchResponse>;
  deliveryDeps(): DeliveryDeps;
};

export interface SubscriberOptions {
  readonly sqs: SQSClient;
  readonly queue: { readonly url: string; readonly arn: string };
  readonly outbox: Outbox;
  /** Reads the e-mails the SES emulator accepted into the outbox. */
  readonly syncMail: () => Promise<void>;
  readonly warn: (line: string) => void;
}

export function runNotificationSubscriber(options: SubscriberOptions) {
  const { sqs, queue, outbox, warn } = options;
  let stopping = false;
  let deps: Promise<{ sender: Sender; deps: DeliveryDeps }> | undefined;
  const load = () =>
    (deps ??= import('#triggers/notification-sender').then((m: Sender) => ({
      sender: m,
      deps: { ...m.deliveryDeps(), sms: outbox.smsSender() },
    })));

  const loop = (async () => {
    while (!stopping) {
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }),
        );
        const messages = received.Messages ?? [];
        if (messages.length === 0) continue;
        const { sender, deps: wired } = await load();
        const { batchItemFailures } = await sender.handleNotifications(
          { Records: messages.map((m) => sqsRecord(m, queue.arn)) },
          wired,
        );
        const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
        const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.url,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
        }
        await options.syncMail();
      } catch (error) {
        if (stopping) break;
        warn(`notifications: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
    },
  };
}
