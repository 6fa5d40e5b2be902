/**
 * The notifications topic's subscriber (SNS → SQS `notification-deliveries` with its DLQ → this function, batches of
 * up to 10, partial batch failures): each notice goes out by e-mail through SES v2 (the verified sender, the
 * configuration set that records bounces and complaints) or by SMS through SNS. A notice that fails is reported alone
 * and retried; after `NOTIFICATION_QUEUE.maxReceiveCount` receives it stays in the DLQ (alarm).
 * In the local cloud, `local/notification-subscriber.ts` polls the same queue and calls `handleNotifications` with the
 * same event shape, against the SES emulator, with an SMS sender that writes to the outbox.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { SesMail } from '#adapters/messaging/ses-mail';
import { SnsSms } from '#adapters/messaging/sns-sms';
import { flushMetrics, observability } from '#adapters/observability';
import { type DeliveryDeps, deliverEnvelope } from '#domain/notifications/deliver';
import { MAIL } from '#catalogue/resources';
import { SMS_SENDER_ID_ENV } from '#catalogue/function-needs';
import { parseEnv } from '#http/env';

const obs = observability('notification-sender');

export async function handleNotifications(event: SQSEvent, deps: DeliveryDeps): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const notice = await deliverEnvelope(record.body, deps);
      obs.logger.info('notice delivered', { messageId: record.messageId, channel: notice.channel });
    } catch (error) {
      // No recipient in the log (personal data): the message id finds it in the queue.
      obs.logger.warn('notice not delivered; it will be retried', {
        messageId: record.messageId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  flushMetrics(obs.metrics);
  return { batchItemFailures };
}

export function deliveryDeps(env: NodeJS.ProcessEnv = process.env): DeliveryDeps {
  const vars = parseEnv({ [MAIL.fromEnv]: z.string().min(3), [MAIL.configurationSetEnv]: z.string().optional() }, env);
  const clients = awsClients();
  const senderId = env[SMS_SENDER_ID_ENV];
  return {
    mail: new SesMail(clients.sesv2, vars[MAIL.fromEnv] as string, vars[MAIL.configurationSetEnv]),
    sms: new SnsSms(clients.sns, senderId || undefined),
    metrics: obs.business,
  };
}

let deps: DeliveryDeps | undefined;
export const handler = (event: SQSEvent) => {
  deps ??= deliveryDeps();
  return handleNotifications(event, deps);
};
