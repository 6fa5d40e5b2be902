/**
 * The lists as files (CONTRACT "File formats"): one `{region-slug}_{axis}.csv` per list plus `lists.json`.
 * Pure and deterministic: the same lists always give the same bytes, so `lists compute` and `lists build` agree.
 * Content comes as chunks so that a million rows never have to sit in one string.
 *
 * JSON rows carry the CSV's fields under the same names; money stays a `^\d+\.\d{2}$` string (exact, as in the
 * CSV), `position` is a number, and a field the CSV leaves empty is `null`. `reason` appears on annulled rows only.
 * Definitive lists (R22c) have the same files with the definitive statuses; `lists.json` then says
 * `"definitive":true`, each list carries `newAllocationEur` and each row its `provisional_status`.
 */
import { type Options, stringify } from 'csv-stringify/sync';
import { slug } from '#domain/kernel/geography';
import { formatEuros } from '#domain/kernel/money';
import type { DefinitiveLists } from './definitive.ts';
import type { ChronologicalList, ComputedLists, ListRow } from './ranking.ts';
import {
  allocationTableCsv,
  allocationTableJson,
  formatCents,
  transfersCsv,
  transfersJson,
} from './redistribution/allocation-table.ts';

export const LIST_COLUMNS = [
  'position',
  'token',
  'company_name',
  'arrival_at',
  'requested_eur',
  'cumulative_eur',
  'status',
  'decided_by',
] as const;

export const LISTS_INDEX_FILE = 'lists.json';

export interface ListFile {
  name: string;
  /** UTF-8 text in order; concatenated they are the file. */
  chunks(): Iterable<string>;
}

export function listFileName(list: Pick<ChronologicalList, 'region' | 'axis'>): string {
  return `${slug(list.region)}_${list.axis}.csv`;
}

/** The redistribution's files beside definitive lists (R22f): the allocation table and the transfers. */
export const REDISTRIBUTION_FILES = {
  'allocation-table.csv': allocationTableCsv,
  'allocation-table.json': allocationTableJson,
  'transfers.csv': transfersCsv,
  'transfers.json': transfersJson,
} as const;

/**
 * Every file of a computation: the CSVs in list order, then `lists.json`; for definitive lists also the
 * redistribution's files.
 */
export function listFiles(computed: ComputedLists | DefinitiveLists): ListFile[] {
  const csvFiles = computed.lists.map((list) => ({ name: listFileName(list), chunks: () => csvChunks(list) }));
  const files = [...csvFiles, { name: LISTS_INDEX_FILE, chunks: () => jsonChunks(computed) }];
  if (!('redistribution' in computed)) return files;
  const tables = Object.entries(REDISTRIBUTION_FILES).map(([name, write]) => ({
    name,
    chunks: () => [write(computed.redistribution)],
  }));
  return [...files, ...tables];
}

/** ISO 8601 UTC with milliseconds, as recorded. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

const CSV_OPTIONS: Options = { record_delimiter: 'unix', eof: true, quoted_match: [/\r/] };
const ROWS_PER_CHUNK = 5000;

function* csvChunks(list: ChronologicalList): Iterable<string> {
  yield stringify([[...LIST_COLUMNS]], CSV_OPTIONS);
  for (let start = 0; start < list.size; start += ROWS_PER_CHUNK) {
    const records = rowsOf(list, start).map(csvRecord);
    yield stringify(records, CSV_OPTIONS);
  }
}

function rowsOf(list: ChronologicalList, start: number): ListRow[] {
  const end = Math.min(list.size, start + ROWS_PER_CHUNK);
  return Array.from({ length: end - start }, (_, k) => list.row(start + k));
}

function csvRecord(row: ListRow): string[] {
  return [
    row.position === null ? '' : String(row.position),
    row.application.token,
    row.application.companyName,
    row.arrivalMs === null ? '' : formatInstant(row.arrivalMs),
    formatEuros(row.application.requestedCents),
    row.cumulativeCents === null ? '' : formatEuros(row.cumulativeCents),
    row.status,
    row.decidedBy ?? '',
  ];
}

/** The JSON form of a row: the CSV fields (empty → null) plus `reason` on annulled rows. */
export function jsonRow(row: ListRow): Record<string, string | number | null> {
  const fields: Record<string, string | number | null> = {
    position: row.position,
    token: row.application.token,
    company_name: row.application.companyName,
    arrival_at: row.arrivalMs === null ? null : formatInstant(row.arrivalMs),
    requested_eur: formatEuros(row.application.requestedCents),
    cumulative_eur: row.cumulativeCents === null ? null : formatEuros(row.cumulativeCents),
    status: row.status,
    decided_by: row.decidedBy,
  };
  if (row.provisionalStatus !== undefined) fields.provisional_status = row.provisionalStatus;
  if (row.reason !== null) fields.reason = row.reason;
  return fields;
}

/** `{edition, resolution, lists:[…]}` with one list header per line and one row per line, ending in LF. */
function* jsonChunks(computed: ComputedLists): Iterable<string> {
  const definitive = 'redistribution' in computed ? ',"definitive":true' : '';
  yield `{"edition":${JSON.stringify(computed.edition)},"resolution":${JSON.stringify(computed.resolution)}${definitive},"lists":[`;
  for (let l = 0; l < computed.lists.length; l++) {
    const list = computed.lists[l] as ChronologicalList;
    const head = JSON.stringify({
      region: list.region,
      axis: list.axis,
      allocationEur: formatEuros(list.allocationCents),
      ...(list.newAllocationCents === undefined ? {} : { newAllocationEur: formatCents(list.newAllocationCents) }),
      kind: list.kind,
    });
    yield `${l === 0 ? '' : ','}\n${head.slice(0, -1)},"rows":[`;
    for (let start = 0; start < list.size; start += ROWS_PER_CHUNK) {
      const part = rowsOf(list, start).map((row) => JSON.stringify(jsonRow(row)));
      yield `${start === 0 ? '' : ','}\n${part.join(',\n')}`;
    }
    yield list.size === 0 ? ']}' : '\n]}';
  }
  yield '\n]}\n';
}
