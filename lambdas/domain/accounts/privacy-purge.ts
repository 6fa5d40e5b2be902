/**
 * The privacy purge (R21): after an edition's definitive lists, what becomes of every stored item that holds an
 * e-mail address, a phone number or a network address. A deployment holds one edition, so the purge reads every item
 * of every table. Per table:
 * - `security` (sessions with their addresses, sign-in sources, lockout and rate counters keyed by address, code
 *   tries, pending logins, registration records): operational records nobody needs once the lists are definitive —
 *   every item is **deleted**;
 * - `claims`: the uniqueness claims of an e-mail, PEC or phone are **deleted** (a token's claim, which names only a
 *   random owner, stays);
 * - `applications`, `sends`, `audit`: evidence that must stay — the addresses in them are **pseudonymised**
 *   (`kernel/pseudonym.ts`: one address, one pseudonym within a purge, so "the same account", "the same network"
 *   stay visible), never the keys nor what the lists and the transparency log are made of (token, company, amounts,
 *   dates, arrival, receipt, annulment);
 * - `config` (timetables, allocations, NCD, outcomes, the live ranking, the log and the receipt keys): kept as it is;
 *   anything found there is reported, not changed.
 * Pure: the caller reads the items, applies the actions and counts them with `tally`.
 */
import { holdsPersonalData, type Pseudonymiser } from '#domain/kernel/pseudonym';

export type PurgeTable = 'applications' | 'claims' | 'sends' | 'security' | 'audit' | 'config';
export const PURGE_TABLES: readonly PurgeTable[] = ['applications', 'claims', 'sends', 'security', 'audit', 'config'];

type Policy =
  | { kind: 'delete-every-item' }
  | { kind: 'delete-personal' }
  | { kind: 'pseudonymise'; untouchable: readonly string[] }
  | { kind: 'keep' };

/** What each table's items become; `untouchable`: attributes the lists, the log or the receipts depend on. */
export const PURGE_POLICIES: Readonly<Record<PurgeTable, Policy>> = {
  security: { kind: 'delete-every-item' },
  claims: { kind: 'delete-personal' },
  applications: {
    kind: 'pseudonymise',
    untouchable: [
      'companyName',
      'region',
      'axis',
      'requestedCents',
      'projectCents',
      'registeredAt',
      'cciaaDate',
      'legalityRating',
      'workers',
      'sentAt',
      'receiptId',
      'annulReason',
      'annulledAt',
    ],
  },
  sends: { kind: 'pseudonymise', untouchable: ['receiptId', 'arrivalTime', 'region', 'axis', 'listBucket'] },
  audit: { kind: 'pseudonymise', untouchable: ['kind', 'at'] },
  config: { kind: 'keep' },
};

export type Item = Record<string, unknown>;

export type ItemAction =
  | { action: 'delete'; key: Item }
  /** `changes`: the attributes to overwrite, each with its pseudonymised value. */
  | { action: 'pseudonymise'; key: Item; changes: Item }
  /** Personal data the purge may not change (in a key, in what the lists publish, in the configuration). */
  | { action: 'keep'; key: Item; attributes: string[] };

/** What the purge does with one item of `table` (`keyNames`: the table's key attributes); undefined: nothing. */
export function planItem(
  table: PurgeTable,
  item: Item,
  keyNames: readonly string[],
  pseudonyms: Pseudonymiser,
): ItemAction | undefined {
  const policy = PURGE_POLICIES[table];
  const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
  if (policy.kind === 'delete-every-item') return { action: 'delete', key };
  const personal = Object.keys(item).filter((name) => holdsPersonalData(item[name]));
  if (personal.length === 0) return undefined;
  if (policy.kind === 'delete-personal') return { action: 'delete', key };
  if (policy.kind === 'keep') return { action: 'keep', key, attributes: personal };
  const fixed = personal.filter((name) => keyNames.includes(name) || policy.untouchable.includes(name));
  const changes = Object.fromEntries(
    personal.filter((name) => !fixed.includes(name)).map((name) => [name, pseudonyms.deep(item[name])]),
  );
  if (fixed.length > 0) return { action: 'keep', key, attributes: fixed };
  return { action: 'pseudonymise', key, changes };
}

export interface TableCounts {
  scanned: number;
  deleted: number;
  pseudonymised: number;
  /** Items still holding personal data the purge may not change (listed by `kept`). */
  kept: number;
}

export interface PurgeReport {
  edition: string;
  applied: boolean;
  tables: Record<PurgeTable, TableCounts>;
  /** Accounts deleted (or to delete) per portal's user pool. */
  accounts: { participant: number; admin: number };
  /** Each item kept with personal data: `table`, its key and the attributes (never their values). */
  keptItems: { table: PurgeTable; key: Item; attributes: string[] }[];
}

export function emptyCounts(): TableCounts {
  return { scanned: 0, deleted: 0, pseudonymised: 0, kept: 0 };
}

/** Adds one item's action to its table's counts (and to the list of kept items). */
export function tally(report: PurgeReport, table: PurgeTable, action: ItemAction | undefined): void {
  const counts = report.tables[table];
  counts.scanned += 1;
  if (!action) return;
  if (action.action === 'delete') counts.deleted += 1;
  else if (action.action === 'pseudonymise') counts.pseudonymised += 1;
  else {
    counts.kept += 1;
    report.keptItems.push({ table, key: action.key, attributes: action.attributes });
  }
}

/** Whether a purge would change anything: the second run of an applied purge answers false. */
export function touchesAnything(report: PurgeReport): boolean {
  const items = PURGE_TABLES.some((t) => report.tables[t].deleted + report.tables[t].pseudonymised > 0);
  return items || report.accounts.participant + report.accounts.admin > 0;
}
