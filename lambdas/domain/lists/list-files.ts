/**
 * The lists as files (CONTRACT "File formats"): one `{region-slug}_{axis}.csv` per list plus `lists.json`.
 * Pure and deterministic: the same lists always give the same bytes, so `lists compute` and `lists build` agree.
 * Content is rendered as bytes (`text-sink.ts`), every file in one pass over the rows (`writeListFiles`: each row's
 * fields are formatted once for its CSV line and its `lists.json` line), so that a million rows never sit in one string.
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
import { TextSink } from './text-sink.ts';
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
 * redistribution's files. Each file's text on its own (the verifier and tests); `writeListFiles` writes them all.
 */
export function listFiles(computed: ComputedLists | DefinitiveLists): ListFile[] {
  const csvFiles = computed.lists.map((list) => ({
    name: listFileName(list),
    chunks: () => textChunks((csv) => renderList(list, 0, csv, undefined)),
  }));
  const index = {
    name: LISTS_INDEX_FILE,
    chunks: () =>
      textChunks((json) => {
        jsonStart(computed, json);
        computed.lists.forEach((list, l) => renderList(list, l, undefined, json));
        jsonEnd(json);
      }),
  };
  return [...csvFiles, index, ...redistributionFiles(computed)];
}

/** Where `writeListFiles` puts a file's bytes; each `write`'s bytes are valid only during the call. */
export interface FileOutput {
  write(bytes: Uint8Array): void;
  close(): void;
}

/**
 * Every file of `listFiles`, the same bytes, through `open` (called once per file name, each output closed when
 * complete): one pass over the rows renders each list's CSV and its part of `lists.json` together.
 */
export function writeListFiles(computed: ComputedLists | DefinitiveLists, open: (name: string) => FileOutput): void {
  const index = open(LISTS_INDEX_FILE);
  const json = new TextSink((bytes) => index.write(bytes));
  jsonStart(computed, json);
  computed.lists.forEach((list, l) => {
    const file = open(listFileName(list));
    const csv = new TextSink((bytes) => file.write(bytes));
    renderList(list, l, csv, json);
    csv.end();
    file.close();
  });
  jsonEnd(json);
  json.end();
  index.close();
  for (const file of redistributionFiles(computed)) {
    const output = open(file.name);
    for (const chunk of file.chunks()) output.write(Buffer.from(chunk, 'utf8'));
    output.close();
  }
}

function redistributionFiles(computed: ComputedLists | DefinitiveLists): ListFile[] {
  if (!('redistribution' in computed)) return [];
  return Object.entries(REDISTRIBUTION_FILES).map(([name, write]) => ({
    name,
    chunks: () => [write(computed.redistribution)],
  }));
}

/** A file's text as chunks of whole rows (so that no UTF-8 sequence is split), rendered on demand. */
function* textChunks(render: (sink: TextSink) => void): Iterable<string> {
  const chunks: string[] = [];
  const sink = new TextSink((bytes) =>
    chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
  );
  render(sink);
  sink.end();
  yield* chunks;
}

/** ISO 8601 UTC with milliseconds, as recorded. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
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

/**
 * Instants for a million arrivals that crowd into a few seconds: the text up to the second is made once per second
 * (remembered while the next arrival falls in the same second), the milliseconds are written as digits.
 */
class InstantWriter {
  private second = Number.NaN;
  private prefix = '';

  write(ms: number, sink: TextSink): void {
    const s = Math.floor(ms / 1000);
    if (s !== this.second) {
      const iso = new Date(s * 1000).toISOString(); // …T08:00:05.000Z
      if (iso.length !== 24) return sink.ascii(formatInstant(ms)); // years beyond 9999 or before 0: the general form
      this.second = s;
      this.prefix = iso.slice(0, 20);
    }
    sink.ascii(this.prefix);
    sink.padded(ms - this.second * 1000, 3);
    sink.char(Z);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const DOT = 46;
const Z = 90;
const CLOSE_BRACE = 125;

/** `formatEuros`, written as digits (and its refusal of anything but a non-negative integer of cents). */
function euros(cents: number, sink: TextSink): void {
  if (!Number.isSafeInteger(cents) || cents < 0) formatEuros(cents);
  const whole = Math.floor(cents / 100);
  sink.integer(whole);
  sink.char(DOT);
  sink.padded(cents - whole * 100, 2);
}

/** RFC 4180 quoting only where needed: a comma, a quote, a line feed or a carriage return in the field. */
const NEEDS_QUOTES = /[",\n\r]/;
/** Characters `JSON.stringify` would escape in a string; without any, the string is written between quotes as is. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Neither CSV nor JSON quotes or escapes anything in it (the union of the two sets above): tested once per field. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const PLAIN = /^[^",\\\u0000-\u001f\ud800-\udfff]*$/;

/** A CSV field; `plain` is `PLAIN.test(value)`. */
function csvText(value: string, plain: boolean, sink: TextSink): void {
  sink.utf8(plain || !NEEDS_QUOTES.test(value) ? value : `"${value.replaceAll('"', '""')}"`);
}

/** A JSON string, as `JSON.stringify` writes it; `plain` is `PLAIN.test(value)`. */
function jsonText(value: string, plain: boolean, sink: TextSink): void {
  if (!plain && JSON_ESCAPED.test(value)) return sink.utf8(JSON.stringify(value));
  sink.char(QUOTE);
  sink.utf8(value);
  sink.char(QUOTE);
}

/** `{"edition":…,"resolution":…,"lists":[` (and `"definitive":true` for definitive lists). */
function jsonStart(computed: ComputedLists, json: TextSink): void {
  const definitive = 'redistribution' in computed ? ',"definitive":true' : '';
  json.utf8(
    `{"edition":${JSON.stringify(computed.edition)},"resolution":${JSON.stringify(computed.resolution)}${definitive},"lists":[`,
  );
}

function jsonEnd(json: TextSink): void {
  json.ascii('\n]}\n');
}

/**
 * List number `l` (its place in the computation): its CSV file into `csv`, and its element of `lists.json`'s
 * `lists` into `json` — one list header per line and one row per line; either may be left out.
 * A row's JSON line is `JSON.stringify(jsonRow(row))`, the same bytes, without building the object.
 */
function renderList(list: ChronologicalList, l: number, csv: TextSink | undefined, json: TextSink | undefined): void {
  if (csv) csv.ascii(`${LIST_COLUMNS.join(',')}\n`);
  if (json) {
    const head = JSON.stringify({
      region: list.region,
      axis: list.axis,
      allocationEur: formatEuros(list.allocationCents),
      ...(list.newAllocationCents === undefined ? {} : { newAllocationEur: formatCents(list.newAllocationCents) }),
      kind: list.kind,
    });
    json.utf8(`${l === 0 ? '' : ','}\n${head.slice(0, -1)},"rows":[`);
  }
  const instant = new InstantWriter();
  for (let j = 0; j < list.size; j++) {
    const row = list.row(j);
    const { token, companyName, requestedCents } = row.application;
    const plainToken = PLAIN.test(token);
    const plainName = PLAIN.test(companyName);
    if (csv) {
      if (row.position !== null) csv.integer(row.position);
      csv.char(COMMA);
      csvText(token, plainToken, csv);
      csv.char(COMMA);
      csvText(companyName, plainName, csv);
      csv.char(COMMA);
      if (row.arrivalMs !== null) instant.write(row.arrivalMs, csv);
      csv.char(COMMA);
      euros(requestedCents, csv);
      csv.char(COMMA);
      if (row.cumulativeCents !== null) euros(row.cumulativeCents, csv);
      csv.char(COMMA);
      csv.ascii(row.status);
      csv.char(COMMA);
      if (row.decidedBy !== null) csv.ascii(row.decidedBy);
      csv.char(LF);
      csv.rowDone();
    }
    if (json) {
      if (j !== 0) json.char(COMMA);
      json.char(LF);
      json.ascii('{"position":');
      if (row.position === null) json.ascii('null');
      else json.integer(row.position);
      json.ascii(',"token":');
      jsonText(token, plainToken, json);
      json.ascii(',"company_name":');
      jsonText(companyName, plainName, json);
      json.ascii(',"arrival_at":');
      if (row.arrivalMs === null) json.ascii('null');
      else {
        json.char(QUOTE);
        instant.write(row.arrivalMs, json);
        json.char(QUOTE);
      }
      json.ascii(',"requested_eur":"');
      euros(requestedCents, json);
      json.ascii('","cumulative_eur":');
      if (row.cumulativeCents === null) json.ascii('null');
      else {
        json.char(QUOTE);
        euros(row.cumulativeCents, json);
        json.char(QUOTE);
      }
      json.ascii(',"status":"');
      json.ascii(row.status);
      json.ascii('","decided_by":');
      if (row.decidedBy === null) json.ascii('null');
      else {
        json.char(QUOTE);
        json.ascii(row.decidedBy);
        json.char(QUOTE);
      }
      if (row.provisionalStatus !== undefined) {
        json.ascii(',"provisional_status":"');
        json.ascii(row.provisionalStatus);
        json.char(QUOTE);
      }
      if (row.reason !== null) {
        json.ascii(',"reason":');
        jsonText(row.reason, false, json);
      }
      json.char(CLOSE_BRACE);
      json.rowDone();
    }
  }
  if (json) json.ascii(list.size === 0 ? ']}' : '\n]}');
}
