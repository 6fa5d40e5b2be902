/**
 * Sends table (key `token`): exactly one item per token, the first valid send (R15). Item:
 * `{token, receiptId, arrivalTime, participantSub, region, axis, sessionId, formIssuedAt, sourceIp, recordedAt}` — the
 * receipt's claims and their evidence; the signature is made from the claims afterwards (deterministic), never stored
 * before the record.
 *
 * The write is ONE TransactWriteItems: put the send if `attribute_not_exists(token)` + consume the application if it
 * is bound to this participant, not annulled and not sent. Either both happen or neither. A cancelled transaction
 * tells, per item, why: the send already exists (→ the original receipt, read strongly consistent), or the application
 * refused (→ why, read back). Concurrent transactions on the same token may cancel each other with
 * `TransactionConflict` instead: then the winner's record is read, or the write retried a few times. A THROTTLED
 * write is retried with the same item (the same arrival instant) until the caller's deadline: throttling delays the
 * answer, never changes the arrival.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { claimsOf, type SendLedger, type SendOutcome, type SendRecord } from '#domain/counter/ledger';
import { Unavailable } from '#domain/kernel/unavailable';
import { listBucket } from './items.ts';
import { type Item, scanAll, sleep } from './requests.ts';
import { guard, retryThrottled } from '#adapters/failures';

const ATTEMPTS = 6;

/** The records, read by key or all (exports, lists): what every reader of the sends table needs. */
export class DynamoSendRecords {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly sendsTable: string,
  ) {}

  async get(token: string): Promise<SendRecord | undefined> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(new GetCommand({ TableName: this.sendsTable, Key: { token }, ConsistentRead: true })),
    );
    return out.Item ? toSendRecord(out.Item) : undefined;
  }

  async listAll(): Promise<SendRecord[]> {
    const items = await scanAll(this.db, { TableName: this.sendsTable, ConsistentRead: true });
    return items.map(toSendRecord).sort((a, b) => a.arrivalTime.localeCompare(b.arrivalTime));
  }
}

/** The send ledger: the records, and the one transaction that writes a first send. */
export class DynamoSends extends DynamoSendRecords implements SendLedger {
  constructor(
    db: DynamoDBDocumentClient,
    sendsTable: string,
    private readonly applicationsTable: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(db, sendsTable);
  }

  async recordFirst(send: SendRecord, deadlineMs = this.clock().getTime() + 10_000): Promise<SendOutcome> {
    const now = () => this.clock().getTime();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // A throttled write is retried until the deadline with the same item: it does not use up the conflict attempts.
      const reasons = await retryThrottled(deadlineMs, () => this.tryRecord(send), now);
      if (reasons === undefined) return { kind: 'recorded', receipt: claimsOf(send) };
      const [sendReason, applicationReason] = reasons;
      if (sendReason === 'ConditionalCheckFailed') {
        const existing = await retryThrottled(deadlineMs, () => this.get(send.token), now);
        if (existing) return alreadySentOrOurs(existing, send);
        continue; // deleted between write and read: cannot happen in production (no deletes), retry honestly
      }
      if (applicationReason === 'ConditionalCheckFailed') return this.refusal(send);
      // TransactionConflict / throttling on an item: someone else is writing this token right now.
      const existing = await retryThrottled(deadlineMs, () => this.get(send.token), now);
      if (existing) return alreadySentOrOurs(existing, send);
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
    throw new Unavailable('dynamodb:TransactWriteItems(send)', 1);
  }

  /** Undefined when committed; else the cancellation code of each item (send, application). */
  private async tryRecord(send: SendRecord): Promise<(string | undefined)[] | undefined> {
    try {
      await guard('dynamodb:TransactWriteItems', () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.sendsTable,
                  Item: {
                    ...send,
                    listBucket: listBucket(send.region, send.axis, send.token),
                    recordedAt: this.clock().toISOString(),
                  },
                  ConditionExpression: 'attribute_not_exists(#token)',
                  ExpressionAttributeNames: { '#token': 'token' },
                },
              },
              {
                Update: {
                  TableName: this.applicationsTable,
                  Key: { token: send.token },
                  UpdateExpression: 'SET sentAt = :arrival, receiptId = :receiptId',
                  ConditionExpression:
                    'participantSub = :sub AND attribute_not_exists(annulledAt) AND attribute_not_exists(sentAt)',
                  ExpressionAttributeValues: {
                    ':arrival': send.arrivalTime,
                    ':receiptId': send.receiptId,
                    ':sub': send.participantSub,
                  },
                },
              },
            ],
          }),
        ),
      );
      return undefined;
    } catch (error) {
      if (error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException') {
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        return [reasons[0]?.Code, reasons[1]?.Code];
      }
      throw error;
    }
  }

  private async refusal(send: SendRecord): Promise<SendOutcome> {
    const out = await guard('dynamodb:GetItem', () =>
      this.db.send(
        new GetCommand({ TableName: this.applicationsTable, Key: { token: send.token }, ConsistentRead: true }),
      ),
    );
    const app = out.Item as Item | undefined;
    if (!app) return { kind: 'refused', reason: 'unknown' };
    if (app.annulledAt) return { kind: 'refused', reason: 'annulled' };
    if (app.sentAt) {
      // Consumed but the send item's condition passed: only possible if the send item was removed by hand.
      throw new Error('application consumed without a send record');
    }
    return { kind: 'refused', reason: 'not-bound' };
  }
}

/** An SDK retry of our own committed write must not turn our first send into a "later" one. */
function alreadySentOrOurs(existing: SendRecord, send: SendRecord): SendOutcome {
  return existing.receiptId === send.receiptId
    ? { kind: 'recorded', receipt: claimsOf(existing) }
    : { kind: 'already-sent', receipt: claimsOf(existing) };
}

function toSendRecord(item: Item): SendRecord {
  return {
    token: String(item.token),
    receiptId: String(item.receiptId),
    arrivalTime: String(item.arrivalTime),
    participantSub: String(item.participantSub),
    region: item.region as SendRecord['region'],
    axis: item.axis as SendRecord['axis'],
    sessionId: String(item.sessionId),
    ...(typeof item.formIssuedAt === 'string' ? { formIssuedAt: item.formIssuedAt } : {}),
    ...(typeof item.sourceIp === 'string' ? { sourceIp: item.sourceIp } : {}),
  };
}
