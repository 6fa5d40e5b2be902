/**
 * The send event: one message on `sends.fifo` per recorded first send (R15), published after the commit by the
 * counter and, when that publish failed or was never confirmed, republished from the sends table by the reconciler.
 *
 * The queue is a notification channel only: the lists are always built from the sends table, never from the queue.
 *
 * - `MessageDeduplicationId` = the token: a republish inside SQS's 5-minute window is dropped by the queue; a later one
 *   is harmless because the consumer is idempotent (its writes are keyed by token).
 * - `MessageGroupId` = `<region-slug>#<axis>#<bucket>`: the bucket is a hash of the token modulo
 *   `SEND_GROUP_BUCKETS`, so one popular list spreads over several groups (high-throughput FIFO limits each group),
 *   and the group of a token never changes (deduplication is scoped per group). The region is slugged because a
 *   group id admits no spaces (`Valle d'Aosta` → `valle-d-aosta`).
 * - Order inside a group is NOT the ranking order: the consumer orders by the recorded `arrivalTime`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AXES, type Axis, REGIONS, type Region, slug } from '#domain/kernel/geography';
import { TOKEN_PATTERN } from '#domain/kernel/token';

export const SEND_EVENT_TYPE = 'SEND_RECORDED';
export const SEND_EVENT_VERSION = 1;

/** Who put the message on the queue: the counter right after the commit, or the reconciler later. */
export const SEND_EVENT_PUBLISHERS = ['counter', 'reconciler'] as const;
export type SendEventPublisher = (typeof SEND_EVENT_PUBLISHERS)[number];

// ISO 8601 UTC with milliseconds, exactly as the sends table stores the arrival instant.
const ARRIVAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const SendEventSchema = z.object({
  type: z.literal(SEND_EVENT_TYPE),
  version: z.literal(SEND_EVENT_VERSION),
  token: z.string().regex(TOKEN_PATTERN),
  receiptId: z.string().min(1).max(200),
  /** The platform's arrival instant of the first send, ISO 8601 UTC with milliseconds. */
  arrivalTime: z
    .string()
    .regex(ARRIVAL_TIME)
    .refine((t) => !Number.isNaN(Date.parse(t)), 'not a real instant'),
  region: z.enum(REGIONS),
  axis: z.enum(AXES),
  /** Cognito `sub` of the participant who sent (the consumer finds the notification address from the binding). */
  participantSub: z.string().min(1).max(200),
  publishedBy: z.enum(SEND_EVENT_PUBLISHERS),
  /** ISO instant of this publication (a republish carries a later one; the event's identity is the token). */
  publishedAt: z.string().datetime({ offset: true }),
});
export type SendEvent = z.infer<typeof SendEventSchema>;

/** The fields of a send record the event carries (a `SendRecord` fits). */
export interface RecordedSend {
  token: string;
  receiptId: string;
  arrivalTime: string;
  region: Region;
  axis: Axis;
  participantSub: string;
}

export function sendEventOf(send: RecordedSend, publishedBy: SendEventPublisher, publishedAt: Date): SendEvent {
  return SendEventSchema.parse({
    type: SEND_EVENT_TYPE,
    version: SEND_EVENT_VERSION,
    token: send.token,
    receiptId: send.receiptId,
    arrivalTime: send.arrivalTime,
    region: send.region,
    axis: send.axis,
    participantSub: send.participantSub,
    publishedBy,
    publishedAt: publishedAt.toISOString(),
  });
}

/** Bucket of a token inside its list's groups: first 4 bytes of SHA-256(token), modulo `buckets`. */
/** Buckets of the token hash inside one region#axis message group (and live-ranking partition). */
export const SEND_GROUP_BUCKETS = 16;

export function tokenBucket(token: string, buckets: number = SEND_GROUP_BUCKETS): number {
  return createHash('sha256').update(token).digest().readUInt32BE(0) % buckets;
}

export function sendMessageGroupId(send: Pick<RecordedSend, 'token' | 'region' | 'axis'>): string {
  return `${slug(send.region)}#${send.axis}#${tokenBucket(send.token)}`;
}

export function sendDeduplicationId(token: string): string {
  return token;
}

/** Everything `SendMessage` needs besides the queue URL. */
export interface SendEventMessage {
  MessageBody: string;
  MessageGroupId: string;
  MessageDeduplicationId: string;
}

export function sendEventMessage(
  send: RecordedSend,
  publishedBy: SendEventPublisher,
  publishedAt: Date = new Date(),
): SendEventMessage {
  const event = sendEventOf(send, publishedBy, publishedAt);
  return {
    MessageBody: JSON.stringify(event),
    MessageGroupId: sendMessageGroupId(event),
    MessageDeduplicationId: sendDeduplicationId(event.token),
  };
}

export type SendEventParse = { ok: true; event: SendEvent } | { ok: false; problem: string };

/** Reads a message body; a malformed one is reported, never guessed at. */
export function parseSendEvent(body: string): SendEventParse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'body is not JSON' };
  }
  const parsed = SendEventSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, event: parsed.data };
}
