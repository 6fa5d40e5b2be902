/** DynamoDB tables exactly as resources.ts describes them; existing tables gain missing indexes and TTL. */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type IndexDefinition,
  type KeyAttribute,
  physicalName,
  TABLES,
  type TableDefinition,
} from '#catalogue/resources';

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) schema.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return schema;
}

function attributeDefinitions(keys: readonly (KeyAttribute | undefined)[]): AttributeDefinition[] {
  const byName = new Map<string, AttributeDefinition>();
  for (const key of keys) if (key) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return [...byName.values()];
}

function gsi(index: IndexDefinition) {
  return {
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: !index.projection
      ? { ProjectionType: 'ALL' as const }
      : index.projection.length === 0
        ? { ProjectionType: 'KEYS_ONLY' as const }
        : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] },
  };
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** What creating a table needs of its definition (the product's tables and the local cloud's own codes table). */
export type TableShape = Pick<TableDefinition, 'partitionKey' | 'sortKey' | 'indexes' | 'ttlAttribute'> & {
  readonly id: string;
};

export async function ensureTable(client: DynamoDBClient, stage: string, table: TableShape): Promise<string> {
  const name = physicalName(stage, table.id);
  const existing = await describe(client, name);
  if (!existing) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keySchema(table.partitionKey, table.sortKey),
        AttributeDefinitions: attributeDefinitions([
          table.partitionKey,
          table.sortKey,
          ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
        ]),
        ...(table.indexes.length > 0 ? { GlobalSecondaryIndexes: table.indexes.map(gsi) } : {}),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  } else {
    // State kept from an older definition: add the indexes it lacks (one per call, as DynamoDB requires).
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const index of table.indexes.filter((i) => !present.has(i.name))) {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: attributeDefinitions([index.partitionKey, index.sortKey]),
          GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
        }),
      );
    }
  }
  if (table.ttlAttribute) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
  return name;
}

/** Every table of resources.ts, in parallel; returns logical id → physical name. */
export async function provisionTables(client: DynamoDBClient, stage: string) {
  const entries = await Promise.all(
    Object.values(TABLES).map(
      async (table) => [table.id, { name: await ensureTable(client, stage, table), env: table.env }] as const,
    ),
  );
  return Object.fromEntries(entries);
}
