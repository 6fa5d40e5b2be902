/**
 * `GET /health` → `200 {status:"ok"}` only when every table answers: a cheap, eventually consistent GetItem of a
 * key that never exists, on each table of resources.ts, within a short deadline. Otherwise 503 UNAVAILABLE, so
 * `npm start` and load balancers never call the service up while its storage is not.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { awsClients } from '#adapters/clients';
import { guard } from '#adapters/failures';
import { Unavailable } from '#domain/kernel/unavailable';
import { tableNames } from '#http/env';
import { httpHandler, ok, route } from '#http/handler';
import { TABLES, type TableId } from '#catalogue/resources';

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

export const healthRoute = (deps: HealthDeps) =>
  route({
    async handle() {
      await checkTables(deps);
      return ok({ status: 'ok' });
    },
  });

const tables = tableNames(Object.keys(TABLES) as TableId[]);
export const handler = httpHandler({ 'GET /health': healthRoute({ documents: awsClients().documents, tables }) });
