/**
 * Reads one operator CSV file (CONTRACT "File formats"): UTF-8 (a leading BOM is accepted and ignored), LF or CRLF
 * line endings (not mixed), RFC 4180 quoting, an exact header row. Every bad row is reported with its physical line
 * (header = line 1, a quoted field spanning lines counts all of them). Blank lines are tolerated and skipped.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { buildTokenIndex } from '#domain/lists/ranking/token-index';
import type { InputProblem } from '#domain/lists/records';
import { count } from '#domain/kernel/plural';

export type FileKind = InputProblem['file'];

/** What a row parser reports: problems by column; the reader adds file and line. */
export interface FieldProblem {
  column?: string;
  message: string;
}

export type RowHandler = (fields: string[], line: number) => FieldProblem[] | undefined;

/** A file's content: its bytes as read (the operator CLI), or text (tests, small files). */
export type CsvInput = string | Uint8Array;

/** Checks bytes are strict UTF-8 without decoding them; on invalid bytes names the first line that holds one. */
export function checkUtf8(bytes: Uint8Array, file: FileKind): InputProblem | undefined {
  const buffer = asBuffer(bytes);
  if (isAscii(buffer) || isUtf8(buffer)) return undefined;
  const lenient = buffer.toString('utf8');
  const at = lenient.indexOf('\uFFFD');
  const line = lenient.slice(0, Math.max(at, 0)).split('\n').length;
  return { file, line, message: 'il file non è codificato in UTF-8 valido' };
}

/** Decodes bytes as strict UTF-8; on invalid bytes names the first line that holds one. */
export function decodeUtf8(
  bytes: Uint8Array,
  file: FileKind,
): { ok: true; text: string } | { ok: false; problem: InputProblem } {
  const problem = checkUtf8(bytes, file);
  return problem ? { ok: false, problem } : { ok: true, text: asBuffer(bytes).toString('utf8') };
}

/**
 * `Buffer`'s own decoders, which its `toString(encoding, start, end)` calls after checking its arguments: called
 * directly for the 12 million fields of a large file (present in every Node release, not in its types).
 */
type Slices = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

const asBuffer = (bytes: Uint8Array) =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Checks the encoding-level rules and the header, then hands each data row (with its first physical line) to `onRow`.
 * Returns every problem found; an unrecoverable structural problem (wrong header, mixed line endings, broken quoting)
 * stops the reading there, because later rows could not be located reliably. Bytes are taken as UTF-8 (the caller
 * checks them with `checkUtf8` first).
 *
 * A hand-written reader for the one dialect the contract allows (docs/benchmarks.md: a general CSV library spent
 * most of `lists compute`'s time here): one pass over the bytes; each field becomes its own flat string (a slice
 * of a whole-file string would keep the file alive as long as any field), ASCII ones copied as Latin-1, the rest
 * decoded as UTF-8; quoted fields unescaped only when they hold a doubled quote.
 */
export function readCsv(input: CsvInput, file: FileKind, header: readonly string[], onRow: RowHandler): InputProblem[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : asBuffer(input);
  const length = bytes.length;
  let pos = length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (pos === length) {
    return [
      { file, line: 1, message: `file vuoto: manca la riga di intestazione ${JSON.stringify(header.join(','))}` },
    ];
  }
  const firstBreak = bytes.indexOf(LF, pos);
  const crlf = firstBreak > 0 && bytes[firstBreak - 1] === CR;
  const problems: InputProblem[] = [];
  const fail = (line: number, message: string) => {
    problems.push({ file, line, message });
    return problems;
  };
  let line = 1;
  let sawHeader = false;
  while (pos < length) {
    const recordLine = line;
    const fields: string[] = [];
    // One record: fields until a line break outside quotes, or the end of the bytes.
    for (;;) {
      let value: string;
      if (bytes[pos] === QUOTE) {
        let from = pos + 1;
        value = '';
        for (;;) {
          const close = bytes.indexOf(QUOTE, from);
          if (close === -1) return fail(recordLine, UNCLOSED_QUOTE);
          if (bytes[close + 1] === QUOTE) {
            value += bytes.toString('utf8', from, close + 1);
            from = close + 2;
            continue;
          }
          value += bytes.toString('utf8', from, close);
          pos = close + 1;
          break;
        }
        for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) line++;
        const next = bytes[pos];
        const atEnd = pos >= length || next === COMMA || next === LF || (next === CR && bytes[pos + 1] === LF);
        if (!atEnd) return fail(recordLine, BAD_CLOSING_QUOTE);
        if (next === CR) pos++; // to the LF of a CR LF line ending
      } else {
        let end = pos;
        let high = 0;
        for (; end < length; end++) {
          const c = bytes[end] as number;
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) return fail(line, STRAY_QUOTE);
          high |= c;
        }
        // A CR right before the line break belongs to the line ending, not to the field.
        const stop = bytes[end] === LF && end > pos && bytes[end - 1] === CR ? end - 1 : end;
        value = high < 0x80 ? (bytes as Slices).latin1Slice(pos, stop) : (bytes as Slices).utf8Slice(pos, stop);
        pos = end;
      }
      fields.push(value);
      const c = bytes[pos];
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (pos < length) {
        // The line break (LF, or CR LF): the same kind as the first line's throughout the file.
        if ((bytes[pos - 1] === CR) !== crlf) return fail(line, crlf ? MIXED_LF : MIXED_CRLF);
        pos++;
        line++;
      }
      break;
    }
    if (!sawHeader) {
      sawHeader = true;
      if (fields.length !== header.length || fields.some((name, i) => name !== header[i])) {
        return fail(recordLine, headerMessage(fields, bytes, header));
      }
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      problems.push({
        file,
        line: recordLine,
        message: `la riga ha ${count(fields.length, 'colonna', 'colonne')} invece di ${header.length}`,
      });
      continue;
    }
    const found = onRow(fields, recordLine);
    if (found) for (const p of found) problems.push({ file, line: recordLine, ...p });
  }
  return problems;
}

const UNCLOSED_QUOTE =
  'virgolette aperte e mai chiuse (da questa riga alla fine del file): il resto del file non è stato controllato';
const BAD_CLOSING_QUOTE =
  'dopo le virgolette di chiusura di un campo deve seguire una virgola o la fine della riga: il resto del file non è stato controllato';
const STRAY_QUOTE =
  'virgolette dentro un campo non racchiuso tra virgolette (raddoppiarle e racchiudere il campo): il resto del file non è stato controllato';
const MIXED_CRLF =
  'fine riga CRLF (Windows) in un file che alle righe precedenti usa LF: salvare il file con un solo tipo di fine riga; il resto del file non è stato controllato';
const MIXED_LF =
  'fine riga LF in un file che alle righe precedenti usa CRLF (Windows): salvare il file con un solo tipo di fine riga; il resto del file non è stato controllato';

/** Wrong header; when it is the right one separated by `;` (an Italian spreadsheet's CSV), how to save it with commas. */
function headerMessage(fields: readonly string[], bytes: Buffer, header: readonly string[]): string {
  const expected = JSON.stringify(header.join(','));
  const text = bytes.toString('utf8', 0, Math.min(bytes.length, 4096)).replace(/^\uFEFF/, '');
  const firstLine = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  if (fields.length === 1 && firstLine.includes(';')) {
    const names = firstLine.split(';').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
    const same = names.length === header.length && names.every((name, i) => name === header[i]);
    return `${same ? 'il file usa il punto e virgola (;) come separatore' : `intestazione errata ${JSON.stringify(firstLine)}: il file sembra usare il punto e virgola (;) come separatore`}: sono ammesse solo le virgole. In Excel: File › Salva con nome › "CSV UTF-8 (delimitato da virgole)" con il separatore di elenco impostato a virgola; in LibreOffice Calc: Salva con nome › Testo CSV, delimitatore di campo ",". L'intestazione deve essere esattamente ${expected}`;
  }
  return `intestazione errata ${JSON.stringify(fields.join(','))}: deve essere esattamente ${expected}`;
}

/**
 * For the small files (annulments, outcomes): checks each row's token as it is read; a token already seen is a bad
 * row whose message names the line of its first occurrence (which stays good).
 */
export function tokenOncePerFile(
  message: (firstLine: number) => string,
): (token: string, line: number) => FieldProblem | undefined {
  const lineOfToken = new Map<string, number>();
  return (token, line) => {
    const first = lineOfToken.get(token);
    if (first !== undefined) return { column: 'token', message: message(first) };
    lineOfToken.set(token, line);
    return undefined;
  };
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
