/**
 * A recorded first send, written straight through the real repositories (not through the counter): an application of
 * `scope` bound to a fresh participant, and its send at `arrival`. For the tests of what happens after the record —
 * the queue, the consumer, the reconciler.
 */
import { randomBytes } from 'node:crypto';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import type { AwsClients } from '#adapters/clients';
import { DynamoSends } from '#adapters/dynamodb/sends';
import type { Axis, Region } from '#domain/kernel/geography';
import type { SendRecord } from '#domain/counter/ledger';
import { tableNames } from '#http/env';
import { application, newToken } from '../../support/applications.ts';
import { uniqueEmail } from './cloud.ts';

export async function recordedSend(
  clients: Pick<AwsClients, 'documents'>,
  scope: { region: Region; axis: Axis },
  label: string,
  arrival = new Date(),
): Promise<{ send: SendRecord; email: string }> {
  const tables = tableNames(['applications', 'sends'] as const);
  const applications = new DynamoApplications(clients.documents, tables.applications);
  const token = newToken();
  const email = uniqueEmail(label);
  const sub = `${label}-${randomBytes(4).toString('hex')}`;
  await applications.importMany([application({ token, ...scope })]);
  await applications.bindParticipant(token, { sub, email, boundAt: new Date().toISOString() });
  const send: SendRecord = {
    token,
    receiptId: `R-${randomBytes(6).toString('hex')}`,
    arrivalTime: arrival.toISOString(),
    participantSub: sub,
    ...scope,
    sessionId: 'session',
  };
  const outcome = await new DynamoSends(clients.documents, tables.sends, tables.applications).recordFirst(send);
  if (outcome.kind !== 'recorded') throw new Error(`the send was not recorded: ${outcome.kind}`);
  return { send, email };
}
