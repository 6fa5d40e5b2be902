/**
 * Reads one operator CSV file (CONTRACT "File formats"): UTF-8 without BOM, LF line endings, RFC 4180 quoting,
 * an exact header row. Every bad row is reported with its physical line (header = line 1, a quoted field spanning
 * lines counts all of them). Blank lines are tolerated and skipped. A BOM or CRLF endings are refused with a
 * message saying how to fix the file, since the format is fixed by the contract.
 */
import { parse } from 'csv-parse/sync';
import { buildTokenIndex } from '#domain/lists/ranking/token-index';
import type { InputProblem } from '#domain/lists/records';

export type FileKind = InputProblem['file'];

/** What a row parser reports: problems by column; the reader adds file and line. */
export interface FieldProblem {
  column?: string;
  message: string;
}

export type RowHandler = (fields: string[], line: number) => FieldProblem[] | undefined;

const BOM = '\uFEFF';

/** Decodes bytes as strict UTF-8; on invalid bytes names the first line that holds one. */
export function decodeUtf8(
  bytes: Uint8Array,
  file: FileKind,
): { ok: true; text: string } | { ok: false; problem: InputProblem } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const line = lenient.slice(0, Math.max(at, 0)).split('\n').length;
    return { ok: false, problem: { file, line, message: 'il file non è codificato in UTF-8 valido' } };
  }
}

/**
 * Checks encoding-level rules and the header, then hands each data row (with its first physical line) to `onRow`.
 * Returns every problem found; an unrecoverable structural problem (BOM, CRLF, wrong header, broken quoting)
 * stops the reading there, because later rows could not be located reliably.
 *
 * Large files are parsed in chunks of about a megabyte cut at record boundaries, without per-record callbacks
 * (csv-parse builds an info object for each callback); line numbers come from counting the line breaks inside
 * quoted fields. A chunk that csv-parse rejects is read again record by record to locate the problem exactly.
 */
export function readCsv(text: string, file: FileKind, header: readonly string[], onRow: RowHandler): InputProblem[] {
  if (text.startsWith(BOM)) {
    return [{ file, line: 1, message: 'il file inizia con un BOM: salvarlo come UTF-8 senza BOM' }];
  }
  const firstBreak = text.indexOf('\n');
  if (firstBreak > 0 && text[firstBreak - 1] === '\r') {
    return [{ file, line: 1, message: 'il file usa fine riga CRLF (Windows): sono ammessi solo fine riga LF' }];
  }
  if (text.length === 0) {
    return [
      { file, line: 1, message: `file vuoto: manca la riga di intestazione ${JSON.stringify(header.join(','))}` },
    ];
  }
  const problems: InputProblem[] = [];
  const reader = { file, header, onRow, problems, sawHeader: false, stopped: false };
  let line = 1;
  for (const [start, end] of recordChunks(text)) {
    const chunk = text.slice(start, end);
    let records: string[][];
    try {
      records = parse(chunk, { record_delimiter: '\n', relax_column_count: true });
    } catch {
      readPrecisely(chunk, line, reader);
      break;
    }
    for (const record of records) {
      acceptRecord(record, line, reader);
      if (reader.stopped) return problems;
      line += 1 + lineBreaksInside(record);
    }
  }
  return problems;
}

interface Reader {
  file: FileKind;
  header: readonly string[];
  onRow: RowHandler;
  problems: InputProblem[];
  sawHeader: boolean;
  stopped: boolean;
}

function acceptRecord(record: string[], line: number, reader: Reader): void {
  const { file, header, problems } = reader;
  if (!reader.sawHeader) {
    reader.sawHeader = true;
    if (record.length !== header.length || record.some((name, i) => name !== header[i])) {
      reader.stopped = true;
      problems.push({
        file,
        line,
        message: `intestazione errata ${JSON.stringify(record.join(','))}: deve essere esattamente ${JSON.stringify(header.join(','))}`,
      });
    }
    return;
  }
  if (record.length === 1 && record[0] === '') return;
  if (record.length !== header.length) {
    problems.push({ file, line, message: `la riga ha ${record.length} colonne invece di ${header.length}` });
    return;
  }
  const found = reader.onRow(record, line);
  if (found) for (const p of found) problems.push({ file, line, ...p });
}

function lineBreaksInside(record: string[]): number {
  let breaks = 0;
  for (const field of record) {
    let at = field.indexOf('\n');
    while (at !== -1) {
      breaks++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return breaks;
}

/** Slow path for a chunk csv-parse refuses: record by record, so the broken record's first line can be named. */
function readPrecisely(chunk: string, firstLine: number, reader: Reader): void {
  let previousEnd = firstLine - 1;
  parse(chunk, {
    record_delimiter: '\n',
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (reader.stopped) return;
      reader.stopped = true;
      reader.problems.push({ file: reader.file, line: previousEnd + 1, message: describeCsvError(error?.code) });
    },
    on_record: (record: string[], context) => {
      const line = previousEnd + 1;
      previousEnd = firstLine - 1 + context.lines;
      if (!reader.stopped) acceptRecord(record, line, reader);
      return undefined;
    },
  });
}

const CHUNK_SIZE = 1 << 20;

/**
 * `[start, end)` ranges of about `CHUNK_SIZE` characters ending at a record boundary: a line feed preceded by an
 * even number of quotes since the chunk's start (RFC 4180: quotes inside a quoted field come in pairs).
 */
function* recordChunks(text: string): Iterable<[number, number]> {
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    let scanned = start;
    let quotes = 0;
    let candidate = text.indexOf('\n', Math.min(start + CHUNK_SIZE, text.length));
    while (candidate !== -1) {
      for (let q = text.indexOf('"', scanned); q !== -1 && q < candidate; q = text.indexOf('"', q + 1)) quotes++;
      scanned = candidate;
      if (quotes % 2 === 0) {
        end = candidate + 1;
        break;
      }
      candidate = text.indexOf('\n', candidate + 1);
    }
    yield [start, end];
    start = end;
  }
}

function describeCsvError(code: string | undefined): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'virgolette aperte e mai chiuse (da questa riga alla fine del file): il resto del file non è stato controllato';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'dopo le virgolette di chiusura di un campo deve seguire una virgola o la fine della riga: il resto del file non è stato controllato';
    case 'INVALID_OPENING_QUOTE':
      return 'virgolette dentro un campo non racchiuso tra virgolette (raddoppiarle e racchiudere il campo): il resto del file non è stato controllato';
    default:
      return `riga CSV non leggibile (${code ?? 'errore sconosciuto'}): il resto del file non è stato controllato`;
  }
}

/**
 * Repeated tokens as bad rows, found after reading with the typed-array token index instead of a `Map` of a million
 * strings built row by row. `tokens[i]` was read on physical line `lines[i]`; the first occurrence stays good.
 */
export function repeatedTokens(
  file: FileKind,
  tokens: readonly string[],
  lines: readonly number[],
  message: (firstLine: number) => string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  buildTokenIndex(tokens, (i, first) =>
    problems.push({ file, line: lines[i] as number, column: 'token', message: message(lines[first] as number) }),
  );
  return problems;
}

/** Merges problems found in separate passes into file order: by line, then by the column's place in the header. */
export function inFileOrder(problems: InputProblem[], header: readonly string[]): InputProblem[] {
  const rank = (p: InputProblem) => (p.column === undefined ? -1 : header.indexOf(p.column));
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || rank(a) - rank(b));
}
