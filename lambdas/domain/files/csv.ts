/**
 * Reads one operator CSV file (CONTRACT "File formats"): UTF-8 without BOM, LF line endings, RFC 4180 quoting,
 * an exact header row. Every bad row is reported with its physical line (header = line 1, a quoted field spanning
 * lines counts all of them). Blank lines are tolerated and skipped. A BOM or CRLF endings are refused with a
 * message saying how to fix the file, since the format is fixed by the contract.
 */
import { parse } from 'csv-parse/sync';
import type { InputProblem } from '../records.ts';

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
 */
export function readCsv(text: string, file: FileKind, header: readonly string[], onRow: RowHandler): InputProblem[] {
  const problems: InputProblem[] = [];
  if (text.startsWith(BOM)) {
    return [{ file, line: 1, message: 'il file inizia con un BOM: salvarlo come UTF-8 senza BOM' }];
  }
  const firstBreak = text.indexOf('\n');
  if (firstBreak > 0 && text[firstBreak - 1] === '\r') {
    return [{ file, line: 1, message: 'il file usa fine riga CRLF (Windows): sono ammessi solo fine riga LF' }];
  }
  if (text.length === 0)
    return [
      { file, line: 1, message: `file vuoto: manca la riga di intestazione ${JSON.stringify(header.join(','))}` },
    ];

  let previousEnd = 0;
  let stopped = false;
  let sawHeader = false;
  parse(text, {
    record_delimiter: '\n',
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (stopped) return;
      stopped = true;
      problems.push({ file, line: previousEnd + 1, message: describeCsvError(error?.code) });
    },
    on_record: (record: string[], context) => {
      const line = previousEnd + 1;
      previousEnd = context.lines;
      if (stopped) return undefined;
      if (!sawHeader) {
        sawHeader = true;
        if (record.length !== header.length || record.some((name, i) => name !== header[i])) {
          stopped = true;
          problems.push({
            file,
            line,
            message: `intestazione errata ${JSON.stringify(record.join(','))}: deve essere esattamente ${JSON.stringify(header.join(','))}`,
          });
        }
        return undefined;
      }
      if (record.length === 1 && record[0] === '') return undefined;
      if (record.length !== header.length) {
        problems.push({ file, line, message: `la riga ha ${record.length} colonne invece di ${header.length}` });
        return undefined;
      }
      const found = onRow(record, line);
      if (found) for (const p of found) problems.push({ file, line, ...p });
      return undefined;
    },
  });
  return problems;
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
