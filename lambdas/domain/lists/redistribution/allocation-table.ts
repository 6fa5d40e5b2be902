/**
 * R22f's outputs of the redistribution, as pure functions returning the files' text: the allocation table
 * (*stanziamento iniziale* and *nuovo stanziamento a seguito della redistribuzione* per region × axis) and every
 * transfer, each as CSV (euros, CONTRACT "File formats": header, LF, no BOM, RFC 4180 quoting only where needed,
 * `^\d+\.\d{2}$` with a leading `-` for a negative difference) and as JSON (integer cents, one record per line, LF
 * at the end). Same result in, same bytes out.
 */
import type { DefinitiveList, RedistributionResult, Transfer } from './model.ts';

export const ALLOCATION_TABLE_COLUMNS = ['region', 'axis', 'initial_eur', 'new_eur', 'difference_eur'] as const;
export const TRANSFER_COLUMNS = ['from', 'to', 'pass', 'amount_eur'] as const;

/** `region,axis,initial_eur,new_eur,difference_eur`, one line per list in allocations-file order. */
export function allocationTableCsv(result: RedistributionResult): string {
  return csv(
    ALLOCATION_TABLE_COLUMNS,
    result.lists.map((list) => [
      list.region,
      list.axis,
      formatCents(list.initialCents),
      formatCents(list.newCents),
      formatCents(list.differenceCents),
    ]),
  );
}

/** `from,to,pass,amount_eur`, one line per transfer in the order the moves were made. */
export function transfersCsv(result: RedistributionResult): string {
  return csv(
    TRANSFER_COLUMNS,
    result.transfers.map((t) => [t.from, t.to, String(t.pass), formatCents(t.cents)]),
  );
}

/** `{edition, lists:[{region, axis, initialCents, newCents, differenceCents}]}`. */
export function allocationTableJson(result: RedistributionResult): string {
  return jsonObject(result.edition, 'lists', result.lists.map(tableRecord));
}

/** `{edition, transfers:[{from, to, pass, cents}]}`. */
export function transfersJson(result: RedistributionResult): string {
  return jsonObject(result.edition, 'transfers', result.transfers.map(transferRecord));
}

/** Cents as euros, `-` before a negative amount: `-1234.05`. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const magnitude = Math.abs(cents);
  const fraction = magnitude % 100;
  return `${cents < 0 ? '-' : ''}${(magnitude - fraction) / 100}.${fraction < 10 ? '0' : ''}${fraction}`;
}

function tableRecord(list: DefinitiveList) {
  return {
    region: list.region,
    axis: list.axis,
    initialCents: list.initialCents,
    newCents: list.newCents,
    differenceCents: list.differenceCents,
  };
}

function transferRecord(transfer: Transfer) {
  return { from: transfer.from, to: transfer.to, pass: transfer.pass, cents: transfer.cents };
}

/** One record per line, so that two tables diff line by line. */
function jsonObject(edition: string, field: string, records: readonly object[]): string {
  const body = records.map((record) => JSON.stringify(record)).join(',\n');
  return `{"edition":${JSON.stringify(edition)},${JSON.stringify(field)}:[${body === '' ? '' : `\n${body}\n`}]}\n`;
}

function csv(header: readonly string[], records: readonly string[][]): string {
  return [header, ...records].map((fields) => fields.map(csvField).join(',')).join('\n') + '\n';
}

/** RFC 4180 quoting only where needed (a region name never needs it, but the format must not depend on that). */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
