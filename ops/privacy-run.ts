/**
 * The privacy purge against a cloud (`privacy.ts` checks first): every table read page by page and planned
 * (`domain/accounts/privacy-purge.ts`), under a pseudonymiser whose key lives in this process only; with `apply`,
 * each page's deletions and pseudonyms are written before the next page is read, then every account of both user
 * pools is deleted. Without `apply` the clients refuse writes (dry run) and nothing is attempted.
 */
import { PoolUsers } from '#adapters/cognito/pool-users';
import { DynamoPurgeTable } from '#adapters/dynamodb/privacy-purge';
import { mapLimit } from '#adapters/dynamodb/requests';
import {
  emptyCounts,
  type ItemAction,
  planItem,
  PURGE_TABLES,
  type PurgeReport,
  tally,
} from '#domain/accounts/privacy-purge';
import type { Portal } from '#domain/kernel/portal';
import { pseudonymiser } from '#domain/kernel/pseudonym';
import { physicalName, PORTALS, TABLES, USER_POOLS } from '#catalogue/resources';
import { OperationFailed } from './cli.ts';
import type { CloudTarget } from './cloud.ts';

export async function purgeCloud(cloud: CloudTarget, edition: string, apply: boolean): Promise<PurgeReport> {
  const pseudonyms = pseudonymiser();
  const report: PurgeReport = {
    edition,
    applied: apply,
    tables: Object.fromEntries(PURGE_TABLES.map((t) => [t, emptyCounts()])) as PurgeReport['tables'],
    accounts: { participant: 0, admin: 0 },
    keptItems: [],
  };
  for (const table of PURGE_TABLES) {
    const { partitionKey, sortKey } = TABLES[table];
    const keyNames = sortKey ? [partitionKey.name, sortKey.name] : [partitionKey.name];
    const store = new DynamoPurgeTable(cloud.clients.documents, cloud.tables[table], keyNames);
    await store.eachPage(async (items) => {
      const actions = items.map((item) => planItem(table, item, keyNames, pseudonyms));
      for (const planned of actions) tally(report, table, planned);
      if (apply) await write(store, actions);
    });
  }
  for (const portal of PORTALS) {
    const pool = await poolOf(cloud, portal);
    const usernames = await pool.usernames();
    report.accounts[portal] = usernames.length;
    if (apply) await mapLimit(usernames, 4, (username) => pool.delete(username));
  }
  // A kept item's key is shown pseudonymised: the report itself never carries an address.
  report.keptItems = report.keptItems.map((kept) => ({ ...kept, key: pseudonyms.deep(kept.key) }));
  return report;
}

async function write(store: DynamoPurgeTable, actions: readonly (ItemAction | undefined)[]): Promise<void> {
  const deletions = actions.flatMap((a) => (a?.action === 'delete' ? [a.key] : []));
  await store.deleteAll(deletions);
  const rewrites = actions.flatMap((a) => (a?.action === 'pseudonymise' ? [a] : []));
  await mapLimit(rewrites, 8, (a) => store.overwrite(a.key, a.changes));
}

/** The portal's pool: from the local cloud's environment, or by its name on a stage. */
async function poolOf(cloud: CloudTarget, portal: Portal): Promise<PoolUsers> {
  const definition = USER_POOLS[portal];
  if (cloud.kind === 'local') {
    const id = process.env[definition.env.poolId];
    if (!id)
      throw new OperationFailed(
        `Il file degli endpoint non indica ${definition.env.poolId}: riavviare il cloud locale.`,
      );
    return new PoolUsers(cloud.clients.cognito, id);
  }
  const name = physicalName(cloud.stage, definition.name);
  const pool = await PoolUsers.named(cloud.clients.cognito, name);
  if (!pool) throw new OperationFailed(`Pool di utenti ${name} non trovato su ${cloud.description}.`);
  return pool;
}
