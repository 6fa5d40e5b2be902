/**
 * R17c as a yes/no per application: a list (region × axis) is NCD when it has an allocation and its applications,
 * sent or not, request in total no more than it (CONTRACT "File formats"). The allocation is read on every call (an
 * `import allocations` applies at once); the total comes from `DynamoListTotals` (the `byList` index, remembered a few
 * seconds per instance). Registration uses this port; the send path reads the allocation with its timetables in one
 * request and asks `ListTotals` directly.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isNcdList } from '#domain/counter/application';
import type { NcdLists } from '#domain/counter/ports';
import type { Application, ConfigStore } from '#domain/ports';
import { DynamoListTotals } from './listTotals.ts';

export { LIST_INDEX, TOTAL_TTL_MS } from './listTotals.ts';

export class DynamoNcdLists implements NcdLists {
  private readonly totals: DynamoListTotals;

  constructor(
    private readonly config: Pick<ConfigStore, 'allocations'>,
    db: DynamoDBDocumentClient,
    applicationsTable: string,
    nowMs: () => number = Date.now,
  ) {
    this.totals = new DynamoListTotals(db, applicationsTable, nowMs);
  }

  async isNcd(application: Pick<Application, 'region' | 'axis'>): Promise<boolean> {
    const allocation = (await this.config.allocations()).find(
      (a) => a.region === application.region && a.axis === application.axis,
    );
    if (!allocation) return false;
    return isNcdList(
      allocation.allocationCents,
      await this.totals.requestedCents(application.region, application.axis),
    );
  }
}
