/**
 * Reads one operator CSV file (CONTRACT "File formats"): UTF-8 (a leading BOM is accepted and ignored), LF or CRLF
 * line endings (not mixed), RFC 4180 quoting, an exact header row. Every bad row is reported with its physical line
 * (header = line 1, a quoted field spanning lines counts all of them). Blank lines are tolerated and skipped.
 */
import { buildTokenIndex } from '#domain/lists/ranking/token-index';
import type { InputProblem } from '#domain/lists/records';

export type FileKind = InputProblem['file'];

/** What a row parser reports: problems by column; the reader adds file and line. */
export interface FieldProblem {
  column?: string;
  message: string;
}

export type RowHandler = (fields: string[], line: number) => FieldProblem[] | undefined;

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

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Checks the encoding-level rules and the header, then hands each data row (with its first physical line) to `onRow`.
 * Returns every problem found; an unrecoverable structural problem (wrong header, mixed line endings, broken quoting)
 * stops the reading there, because later rows could not be located reliably.
 *
 * A hand-written reader for the one dialect the contract allows (measured in docs/benchmarks.md: a general CSV
 * library spent most of `lists compute`'s time here): one pass over the text with `charCodeAt`, fields as slices
 * of it, quoted fields unescaped only when they hold a doubled quote.
 */
export function readCsv(input: string, file: FileKind, header: readonly string[], onRow: RowHandler): InputProblem[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.length === 0) {
    return [
      { file, line: 1, message: `file vuoto: manca la riga di intestazione ${JSON.stringify(header.join(','))}` },
    ];
  }
  const firstBreak = text.indexOf('\n');
  const crlf = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === CR;
  const problems: InputProblem[] = [];
  const fail = (line: number, message: string) => {
    problems.push({ file, line, message });
    return problems;
  };
  const length = text.length;
  const fields: string[] = [];
  let pos = 0;
  let line = 1;
  let sawHeader = false;
  while (pos < length) {
    const recordLine = line;
    fields.length = 0;
    // One record: fields until a line break outside quotes, or the end of the text.
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        let from = pos + 1;
        value = '';
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) return fail(recordLine, UNCLOSED_QUOTE);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          pos = close + 1;
          break;
        }
        for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) line++;
        const next = text.charCodeAt(pos);
        const atEnd = pos >= length || next === COMMA || next === LF || (next === CR && text.charCodeAt(pos + 1) === LF);
        if (!atEnd) return fail(recordLine, BAD_CLOSING_QUOTE);
        if (next === CR) pos++; // to the LF of a CR LF line ending
      } else {
        let end = pos;
        for (; end < length; end++) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF) break;
          if (c === QUOTE) return fail(line, STRAY_QUOTE);
        }
        value = text.slice(pos, end);
        pos = end;
        // A CR right before the line break belongs to the line ending, not to the field.
        if (text.charCodeAt(pos) === LF && value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
      }
      fields.push(value);
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (pos < length) {
        // The line break (LF, or CR LF): the same kind as the first line's throughout the file.
        const isCrlf = text.charCodeAt(pos - 1) === CR;
        if (isCrlf !== crlf) return fail(line, crlf ? MIXED_LF : MIXED_CRLF);
        pos++;
        line++;
      }
      break;
    }
    if (!sawHeader) {
      sawHeader = true;
      if (fields.length !== header.length || fields.some((name, i) => name !== header[i])) {
        return fail(recordLine, headerMessage(fields, text, header));
      }
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== header.length) {
      problems.push({ file, line: recordLine, message: `la riga ha ${fields.length} colonne invece di ${header.length}` });
      continue;
    }
    const found = onRow(fields.slice(), recordLine);
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
function headerMessage(fields: readonly string[], text: string, header: readonly string[]): string {
  const expected = JSON.stringify(header.join(','));
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n'))).replace(/\r$/, '') || text;
  if (fields.length === 1 && firstLine.includes(';')) {
    const names = firstLine.split(';').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
    const same = names.length === header.length && names.every((name, i) => name === header[i]);
    return `${same ? 'il file usa il punto e virgola (;) come separatore' : `intestazione errata ${JSON.stringify(firstLine)}: il file sembra usare il punto e virgola (;) come separatore`}: sono ammesse solo le virgole. In Excel: File › Salva con nome › "CSV UTF-8 (delimitato da virgole)" con il separatore di elenco impostato a virgola; in LibreOffice Calc: Salva con nome › Testo CSV, delimitatore di campo ",". L'intestazione deve essere esattamente ${expected}`;
  }
  return `intestazione errata ${JSON.stringify(fields.join(','))}: deve essere esattamente ${expected}`;
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
