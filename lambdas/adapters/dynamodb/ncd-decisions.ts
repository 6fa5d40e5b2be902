/**
 * R22a's frozen decisions in the configuration table: one item per list, `NCD` / `<region>#<axis>` (the key the
 * counter's batched read already asks for, `ncdDecisionKey`) → `{ncd, rule, …the totals that decided it, frozenAt,
 * frozenBy}`. An axis is written in ONE TransactWriteItems of conditional puts (`attribute_not_exists`): its lists
 * are frozen together or not at all, and a second freezer racing the first writes nothing.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Axis, REGIONS, type Region } from '#domain/kernel/geography';
import { FrozenNcdFileSchema, type FrozenNcdDecision, type NcdFreezeDeps } from '#domain/lists/ncd-frozen';
import { guard } from '#adapters/failures';
import { DynamoConfig } from './config.ts';
import { ncdDecisionKey } from './items.ts';
import { listDemand } from './list-totals.ts';
import { DynamoTable } from './table.ts';

/** What the freezer reads and writes: the configuration table and the applications' `byList` index (no Scan). */
export function dynamoNcdFreezeDeps(
  db: DynamoDBDocumentClient,
  tables: { config: string; applications: string },
): NcdFreezeDeps {
  const config = new DynamoConfig(db, tables.config);
  const decisions = new DynamoNcdDecisions(db, tables.config);
  return {
    timetables: () => config.timetables(),
    allocations: () => config.allocations(),
    frozen: () => decisions.frozen(),
    freezeAxis: (frozen) => decisions.freezeAxis(frozen),
    // One axis's 21 lists at a time: a burst of index queries is not worth the throttling it could cause.
    demand: async (axes) => {
      const demand = [];
      for (const axis of axes) {
        const totals = await Promise.all(REGIONS.map((region) => listDemand(db, tables.applications, region, axis)));
        demand.push(...totals.map((total, r) => ({ region: REGIONS[r] as Region, axis, ...total })));
      }
      return demand;
    },
  };
}

export class DynamoNcdDecisions extends DynamoTable {
  /** Every frozen decision, region order of the items' keys. */
  async frozen(): Promise<FrozenNcdDecision[]> {
    return (await this.partition('NCD')).map(toDecision);
  }

  /** One list's frozen decision, or undefined while its axis is not frozen. */
  async get(region: Region, axis: Axis): Promise<FrozenNcdDecision | undefined> {
    const item = await this.item(ncdDecisionKey(region, axis));
    return item ? toDecision(item) : undefined;
  }

  async freezeAxis(decisions: readonly FrozenNcdDecision[]): Promise<boolean> {
    if (decisions.length === 0) return true;
    try {
      await guard('dynamodb:TransactWriteItems', () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: decisions.map((decision) => ({
              Put: {
                TableName: this.table,
                Item: { ...ncdDecisionKey(decision.region, decision.axis), ...decision },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          }),
        ),
      );
      return true;
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.some(isConditionFailure)) return false;
      throw error;
    }
  }
}

const isConditionFailure = (reason: { Code?: string }) => reason.Code === 'ConditionalCheckFailed';

/** Re-validated on read: a hand-edited item fails loudly rather than deciding who may send. */
function toDecision(item: Record<string, unknown>): FrozenNcdDecision {
  const { pk: _pk, sk: _sk, ...fields } = item;
  return FrozenNcdFileSchema.shape.lists.element.parse(fields);
}
