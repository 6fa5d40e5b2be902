/**
 * The public CSV of a published list (R18, R22f): for people opening it with a spreadsheet, so Italian headers,
 * statuses and tie-break criteria in words, and every cell safe to open. The files `lists compute`/`build` write
 * (English columns, codes) are published unchanged beside it; the JSON keeps the codes.
 *
 * Spreadsheet safety (CSV injection): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
 * read as a formula, so it is written with a leading `'` (which spreadsheets show as text). Tokens start with `+` or
 * `-`, so they appear as `'+a0077…`; the JSON has them as they are.
 */
import { CRITERION_WORDS, STATUS_WORDS } from './list-words.ts';
import type { PublishedList } from './publication.ts';

export const PUBLIC_CSV_HEADER = [
  'Posizione',
  'Codice identificativo',
  'Ragione sociale',
  'Arrivo (UTC)',
  'Importo richiesto (EUR)',
  'Importo cumulato (EUR)',
  'Esito',
  'Criterio di spareggio',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised if a spreadsheet would run it, then quoted per RFC 4180 only where needed. */
export function publicCsvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 without BOM, LF, one line per row, the annulment reason after the status word. */
export function renderPublicCsv(list: PublishedList): string {
  const lines = [PUBLIC_CSV_HEADER.map(publicCsvCell).join(',')];
  for (const row of list.rows) {
    const status = STATUS_WORDS[row.status];
    lines.push(
      [
        row.position === null ? '' : String(row.position),
        row.token,
        row.company_name,
        row.arrival_at ?? '',
        row.requested_eur,
        row.cumulative_eur ?? '',
        row.reason ? `${status}: ${row.reason}` : status,
        row.decided_by ? (CRITERION_WORDS[row.decided_by] ?? row.decided_by) : '',
      ]
        .map(publicCsvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
