/**
 * Builders for the definitive-lists tests: rows and lists written the way SPEC's examples read (euros as strings,
 * converted to cents by digits, never through floating point), outcomes collected from the rows themselves.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import type {
  Outcome,
  OutcomeRecord,
  ProvisionalList,
  ProvisionalRow,
  ProvisionalStatus,
  RedistributionInput,
} from '#domain/lists/redistribution/model';

/** `'1234.5'` → 123450; throws on anything else so a typo in a test cannot pass silently. */
export function cents(euros: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(euros);
  if (!match) throw new Error(`bad euros ${euros}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A row as the tests write it: the outcome travels with the row and is split off into the outcomes file. */
export interface TestRow extends ProvisionalRow {
  outcome?: Outcome;
}

export function row(
  token: string,
  euros: string,
  status: ProvisionalStatus,
  outcome?: Outcome,
  arrivalRank?: number,
): TestRow {
  return { token, requestedCents: cents(euros), status, outcome, arrivalRank };
}

export function list(region: Region, axis: Axis, euros: string, rows: TestRow[] = []): ProvisionalList<TestRow> {
  return { region, axis, allocationCents: cents(euros), rows };
}

/** The input with one outcome per row that carries one, in list order. */
export function inputOf(lists: ProvisionalList<TestRow>[]): RedistributionInput<TestRow> {
  return { lists, outcomes: outcomesOf(lists) };
}

export function outcomesOf(lists: readonly ProvisionalList<TestRow>[]): OutcomeRecord[] {
  return lists.flatMap((l) =>
    l.rows.flatMap((r) => (r.outcome === undefined ? [] : [{ token: r.token, outcome: r.outcome }])),
  );
}
