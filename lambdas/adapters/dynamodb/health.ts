/**
 * The health probe of every table: a cheap, eventually consistent GetItem of a key that never exists, on each table
 * of the catalogue, within a short deadline. A missing table or denied access is as much "not up" as a timeout.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '#adapters/failures';
import { TABLES, type TableId } from '#catalogue/resources';
import { Unavailable } from '#domain/kernel/unavailable';

const PROBE_DEADLINE_MS = 2_000;
const PROBE_VALUE = '#health-probe';

export interface HealthDeps {
  documents: DynamoDBDocumentClient;
  tables: Record<TableId, string>;
}

/** A key of the table's own schema that no real item uses. */
function probeKey(id: TableId): Record<string, string | number> {
  const { partitionKey, sortKey } = TABLES[id];
  const value = (type: 'S' | 'N') => (type === 'S' ? PROBE_VALUE : -1);
  return {
    [partitionKey.name]: value(partitionKey.type),
    ...(sortKey ? { [sortKey.name]: value(sortKey.type) } : {}),
  };
}

export async function checkTables({ documents, tables }: HealthDeps): Promise<void> {
  const probes = (Object.keys(tables) as TableId[]).map((id) =>
    guard(`dynamodb:GetItem(${id})`, () =>
      documents.send(
        new GetCommand({
          TableName: tables[id],
          Key: probeKey(id),
          ProjectionExpression: '#k',
          ExpressionAttributeNames: { '#k': TABLES[id].partitionKey.name },
        }),
        {
          abortSignal: AbortSignal.timeout(PROBE_DEADLINE_MS),
        },
      ),
    ),
  );
  const results = await Promise.allSettled(probes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  // A missing table or denied access is as much "not up" as a timeout: the service cannot work either way.
  if (failed)
    throw failed.reason instanceof Unavailable ? failed.reason : new Unavailable('health', 5, { cause: failed.reason });
}
