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

/**
 * `formatInstant` for a million arrivals that crowd into a few seconds: the text up to the second is made once per
 * second (remembered while the next arrival falls in the same second), the milliseconds are appended.
 */
function instantWriter(): (ms: number) => string {
  let second = Number.NaN;
  let prefix = '';
  return (ms) => {
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      const iso = new Date(s * 1000).toISOString(); // …T08:00:05.000Z
      if (iso.length !== 24) return formatInstant(ms); // years beyond 9999 or before 0: the general form
      second = s;
      prefix = iso.slice(0, 20);
    }
    const millis = ms - second * 1000;
    return `${prefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  };
}

const ROWS_PER_CHUNK = 1000;

/** RFC 4180 quoting only where needed: a comma, a quote, a line feed or a carriage return in the field. */
const NEEDS_QUOTES = /[",\n\r]/;
const csvField = (value: string) => (NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

function* csvChunks(list: ChronologicalList): Iterable<string> {
  yield `${LIST_COLUMNS.join(',')}\n`;
  const instant = instantWriter();
  for (let start = 0; start < list.size; start += ROWS_PER_CHUNK) {
    let chunk = '';
    const end = Math.min(list.size, start + ROWS_PER_CHUNK);
    for (let j = start; j < end; j++) chunk += csvLine(list.row(j), instant);
    yield chunk;
  }
}

function csvLine(row: ListRow, instant: (ms: number) => string): string {
  const a = row.application;
  return (
    `${row.position === null ? '' : row.position},${csvField(a.token)},${csvField(a.companyName)},` +
    `${row.arrivalMs === null ? '' : instant(row.arrivalMs)},${formatEuros(a.requestedCents)},` +
    `${row.cumulativeCents === null ? '' : formatEuros(row.cumulativeCents)},${row.status},${row.decidedBy ?? ''}\n`
  );
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

/** Characters `JSON.stringify` would escape in a string; without any, the string is written between quotes as is. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (value: string) => (JSON_ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`);

/** `JSON.stringify(jsonRow(row))`, the same bytes, without building the object for each of a million rows. */
function jsonLine(row: ListRow, instant: (ms: number) => string): string {
  const a = row.application;
  return (
    `{"position":${row.position === null ? 'null' : row.position},"token":${jsonString(a.token)},` +
    `"company_name":${jsonString(a.companyName)},` +
    `"arrival_at":${row.arrivalMs === null ? 'null' : `"${instant(row.arrivalMs)}"`},` +
    `"requested_eur":"${formatEuros(a.requestedCents)}",` +
    `"cumulative_eur":${row.cumulativeCents === null ? 'null' : `"${formatEuros(row.cumulativeCents)}"`},` +
    `"status":"${row.status}","decided_by":${row.decidedBy === null ? 'null' : `"${row.decidedBy}"`}` +
    `${row.provisionalStatus === undefined ? '' : `,"provisional_status":"${row.provisionalStatus}"`}` +
    `${row.reason === null ? '' : `,"reason":${jsonString(row.reason)}`}}`
  );
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
    const instant = instantWriter();
    for (let start = 0; start < list.size; start += ROWS_PER_CHUNK) {
      let chunk = '';
      const end = Math.min(list.size, start + ROWS_PER_CHUNK);
      for (let j = start; j < end; j++) chunk += `${j === 0 ? '' : ','}\n${jsonLine(list.row(j), instant)}`;
      yield chunk;
    }
    yield list.size === 0 ? ']}' : '\n]}';
  }
  yield '\n]}\n';
}
