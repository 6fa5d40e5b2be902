/**
 * Fresh tables for one integration test file, on whatever DynamoDB the run points at: the local cloud's emulator
 * (`AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL`, set by the integration globalSetup) or any AWS-compatible
 * endpoint. Each file gets its own stage name, so files running in parallel never share an item.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { type AwsClients, buildClients, endpointFor } from '#adapters/clients';
import { provisionTables } from '#local/provision/tables';
import type { TableId } from '#catalogue/resources';

export interface TestTables {
  clients: AwsClients;
  names: Record<TableId, string>;
  drop(): Promise<void>;
}

export function dynamoEndpoint(): string {
  const endpoint = endpointFor('DYNAMODB');
  if (!endpoint) {
    throw new Error(
      'No DynamoDB endpoint: set AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_DYNAMODB), or run through the integration project',
    );
  }
  return endpoint;
}

export async function createTestTables(label: string): Promise<TestTables> {
  const clients = buildClients({ endpoint: dynamoEndpoint() });
  const stage = `t${label}${randomBytes(3).toString('hex')}`;
  const provisioned = (await provisionTables(clients.dynamo, stage)) as unknown as Record<TableId, { name: string }>;
  const names = Object.fromEntries(Object.entries(provisioned).map(([id, t]) => [id, t.name])) as Record<
    TableId,
    string
  >;
  return {
    clients,
    names,
    async drop() {
      await Promise.all(
        Object.values(names).map((TableName) => clients.dynamo.send(new DeleteTableCommand({ TableName }))),
      );
    },
  };
}
