/**
 * R22a / R17c for registration (`NcdCheck`): the list's frozen decision when its axis is frozen; until then R17c's
 * live rule, the list's allocation from the configuration against the total requested by its applications (sent or
 * not) from the `byList` index of the applications table. Nothing is remembered between calls: registration is not
 * on the click-day burst, and an `import` or a freeze must apply to the very next request.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NcdCheck } from '#domain/accounts/ports';
import { isNcdList } from '#domain/lists/ncd';
import type { Application } from '#domain/kernel/application';
import type { ConfigStore } from '#domain/kernel/config';
import type { FrozenNcdDecision } from '#domain/lists/ncd-frozen';
import { sumRequestedCents } from './list-totals.ts';

export class DynamoNcdCheck implements NcdCheck {
  constructor(
    private readonly config: Pick<ConfigStore, 'allocations'>,
    private readonly db: DynamoDBDocumentClient,
    private readonly applicationsTable: string,
    private readonly frozen: {
      get(region: Application['region'], axis: Application['axis']): Promise<FrozenNcdDecision | undefined>;
    },
  ) {}

  async isNcd({ region, axis }: Pick<Application, 'region' | 'axis'>): Promise<boolean> {
    const [decision, allocations] = await Promise.all([this.frozen.get(region, axis), this.config.allocations()]);
    if (decision) return decision.ncd;
    const allocation = allocations.find((a) => a.region === region && a.axis === axis);
    if (!allocation) return false;
    return isNcdList(
      allocation.allocationCents,
      await sumRequestedCents(this.db, this.applicationsTable, region, axis),
    );
  }
}
