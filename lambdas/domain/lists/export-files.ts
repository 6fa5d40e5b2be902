/**
 * The record as CSV files in the CONTRACT "File formats" (the inverse of `files/`): what `export sends|annulments`
 * write and what `lists build` hands to the same computation as `lists compute`, so both give the same bytes.
 * Deterministic: rows in a fixed order (time, then token in code-unit order), LF endings, quoting only where needed.
 */
import { stringify } from 'csv-stringify/sync';
import { ALLOCATIONS_HEADER } from '#domain/lists/files/allocations';
import { ANNULMENTS_HEADER } from '#domain/lists/files/annulments';
import { APPLICATIONS_HEADER } from '#domain/lists/files/applications';
import { OUTCOMES_HEADER_FULL } from '#domain/lists/files/outcomes';
import { SENDS_HEADER } from '#domain/lists/files/sends';
import { AXES, REGIONS } from '#domain/kernel/geography';
import { formatEuros } from '#domain/kernel/money';
import type { Allocation } from '#domain/kernel/config';
import type { Application } from '#domain/kernel/application';
import type { OutcomeRow } from '#domain/lists/records';

/** What a sends export needs of a send record. */
export interface SendRow {
  token: string;
  arrivalTime: string;
}

export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The files' CSV dialect: LF endings, quoting only where needed (and for a carriage return). */
export function csv(header: readonly string[], rows: string[][]): string {
  return stringify([[...header], ...rows], { record_delimiter: 'unix', eof: true, quoted_match: [/\r/] });
}

/** `token,arrival_at`, by arrival then token; the arrival instant exactly as recorded (UTC, milliseconds). */
export function sendsCsv(sends: readonly SendRow[]): string {
  const rows = [...sends]
    .sort((a, b) => byCodeUnits(a.arrivalTime, b.arrivalTime) || byCodeUnits(a.token, b.token))
    .map((s) => [s.token, new Date(s.arrivalTime).toISOString()]);
  return csv(SENDS_HEADER, rows);
}

/** `token,reason,annulled_at` of the annulled applications, by annulment instant then token. */
export function annulmentsCsv(applications: readonly Application[]): string {
  const rows = applications
    .flatMap((a) => (a.annulment ? [{ token: a.token, ...a.annulment }] : []))
    .sort((a, b) => Date.parse(a.annulledAt) - Date.parse(b.annulledAt) || byCodeUnits(a.token, b.token))
    .map((a) => [a.token, a.reason, a.annulledAt]);
  return csv(ANNULMENTS_HEADER, rows);
}

/** Every application in the import format, by token; `registered_at` exactly as it was imported. */
export function applicationsCsv(applications: readonly Application[]): string {
  const rows = [...applications].sort((a, b) => byCodeUnits(a.token, b.token)).map(applicationFields);
  return csv(APPLICATIONS_HEADER, rows);
}

/** One application's fields in the order of `APPLICATIONS_HEADER`. */
export function applicationFields(a: Application): string[] {
  return [
    a.token,
    a.companyName,
    a.pec,
    a.region,
    a.axis,
    formatEuros(a.requestedCents),
    formatEuros(a.projectCents),
    a.registeredAt,
    a.cciaaDate,
    String(a.legalityRating),
    String(a.workers),
  ];
}

/** `region,axis,allocation_eur` in CONTRACT region order, then axis order. */
export function allocationsCsv(allocations: readonly Allocation[]): string {
  const rank = (a: Allocation) => REGIONS.indexOf(a.region) * AXES.length + AXES.indexOf(a.axis);
  const rows = [...allocations]
    .sort((a, b) => rank(a) - rank(b))
    .map((a) => [a.region, a.axis, formatEuros(a.allocationCents)]);
  return csv(ALLOCATIONS_HEADER, rows);
}

/** `token,outcome,decided_at,note` of the current documents outcomes (R22b), by token. */
export function outcomesCsv(outcomes: readonly Pick<OutcomeRow, 'token' | 'outcome' | 'decidedAt' | 'note'>[]): string {
  const rows = [...outcomes]
    .sort((a, b) => byCodeUnits(a.token, b.token))
    .map((o) => [o.token, o.outcome, o.decidedAt ?? '', o.note ?? '']);
  return csv(OUTCOMES_HEADER_FULL, rows);
}
