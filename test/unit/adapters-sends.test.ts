/**
 * The send ledger's branches that a local race cannot force on demand: transaction conflicts, throttled items,
 * an SDK retry of our own committed write. The SDK is mocked at the adapter edge (aws-sdk-client-mock).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { buildClients } from '#adapters/clients';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { SendRecord } from '#domain/counter/ledger';

const documents = buildClients({ env: { AWS_REGION: 'eu-south-1' } }).documents;
const mock = mockClient(DynamoDBDocumentClient);
const sends = new DynamoSends(documents, 'sends', 'applications');

const send: SendRecord = {
  token: `+${'a'.repeat(64)}`,
  receiptId: 'R-ours',
  arrivalTime: '2026-10-26T09:00:00.001Z',
  participantSub: 'sub-1',
  region: 'Lazio',
  axis: '2',
  sessionId: 's-1',
};
const winner = { ...send, receiptId: 'R-winner', arrivalTime: '2026-10-26T09:00:00.000Z' };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => mock.reset());

describe('sends: conflict handling', () => {
  test('given a TransactionConflict and the winner already recorded, the winner’s receipt comes back', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    mock.on(GetCommand).resolves({ Item: { ...winner, recordedAt: 'x' } });
    const outcome = await sends.recordFirst(send);
    expect(outcome).toEqual({
      kind: 'already-sent',
      receipt: { receiptId: 'R-winner', token: send.token, arrivalTime: winner.arrivalTime },
    });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  test('given a TransactionConflict and nothing recorded yet, the write is retried and then records ours', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});
    mock.on(GetCommand).resolves({});
    const outcome = await sends.recordFirst(send);
    expect(outcome.kind).toBe('recorded');
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  test('given conflicts that never clear, Unavailable after a bounded number of attempts, nothing claimed', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None'));
    mock.on(GetCommand).resolves({});
    await expect(sends.recordFirst(send)).rejects.toMatchObject({ name: 'Unavailable' });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(6);
  });

  test('given the send item exists with OUR receipt id (an SDK retry of our committed write), it is our first send', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'));
    mock.on(GetCommand).resolves({ Item: { ...send } });
    expect((await sends.recordFirst(send)).kind).toBe('recorded');
  });

  test('the transaction puts the send only if absent and consumes the application only if bound to the sender', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await sends.recordFirst(send);
    const input = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    const [put, update] = input?.TransactItems ?? [];
    expect(put?.Put).toMatchObject({ TableName: 'sends', ConditionExpression: 'attribute_not_exists(#token)' });
    expect(put?.Put?.Item).toMatchObject({ ...send });
    expect(update?.Update).toMatchObject({
      TableName: 'applications',
      Key: { token: send.token },
      ConditionExpression:
        'participantSub = :sub AND attribute_not_exists(annulledAt) AND attribute_not_exists(sentAt)',
      ExpressionAttributeValues: { ':sub': 'sub-1', ':arrival': send.arrivalTime, ':receiptId': 'R-ours' },
    });
  });
});
