/**
 * Chronological lists (*elenchi cronologici*, R17, R17b, R17c) per region × axis, exactly as CONTRACT
 * "File formats" defines them. Pure: records in, lists out (or every input problem).
 *
 * 1. index the records and check them against each other (unknown or repeated tokens, missing allocations);
 * 2. per region × axis with applications: NCD list when the total requested by all its applications (sent or not,
 *    annulled or not) is within the allocation, else a click-day list of the applications sent;
 * 3. order, walk the order adding requested amounts, cut at the first that does not fit (no skipping);
 * 4. annulled applications last, in the order they would have had, without position or cumulative amount.
 */
import { type Criterion, EDITIONS, type EditionId, NCD_ORDER, type TieBreak, TOKEN_ORDER } from './editions.ts';
import type { Axis, Region } from './geography.ts';
import { decidingCriterion, sortByKeyThenCriteria } from './ranking/clickOrder.ts';
import { type IndexedInput, indexInput, LIST_COUNT, listAxis, listRegion } from './ranking/inputs.ts';
import type { Allocation, Annulment, Application, InputProblem, Send } from './records.ts';

/** `ms` orders by the recorded millisecond; `s` floors arrivals to the UTC second (the published resolution). */
export type Resolution = 'ms' | 's';
export const RESOLUTIONS: readonly Resolution[] = ['ms', 's'];

/** `UTILE` (*in posizione utile*), `CARENZA_FONDI` (*non ammissibile per carenza di fondi*), `NCD`, `ANNULLATA`. */
export type ListStatus = 'UTILE' | 'CARENZA_FONDI' | 'NCD' | 'ANNULLATA';
export type ListKind = 'CLICK_DAY' | 'NCD';

export interface ListRow {
  /** From 1 within the list; null on annulled rows. */
  position: number | null;
  application: Application;
  /** The recorded arrival (ms, even at resolution `s`); null on NCD lists and for applications not sent. */
  arrivalMs: number | null;
  /** Running sum of requested amounts; null on annulled rows. */
  cumulativeCents: number | null;
  status: ListStatus;
  /** The criterion that placed this row after the previous one at equal arrival time, else null. */
  decidedBy: Criterion | null;
  /** The annulment reason on annulled rows, else null. */
  reason: string | null;
}

export interface ChronologicalList {
  region: Region;
  axis: Axis;
  allocationCents: number;
  kind: ListKind;
  rows: ListRow[];
}

export interface ComputedLists {
  edition: EditionId;
  resolution: Resolution;
  /** Region order of CONTRACT, then axis order; only region × axis pairs that have applications. */
  lists: ChronologicalList[];
}

export interface RankingInput {
  applications: readonly Application[];
  sends: readonly Send[];
  allocations: readonly Allocation[];
  annulments: readonly Annulment[];
}

export interface RankingOptions {
  edition: EditionId;
  resolution: Resolution;
}

export type RankingOutcome = { ok: true; lists: ComputedLists } | { ok: false; problems: InputProblem[] };

export function computeLists(input: RankingInput, options: RankingOptions): RankingOutcome {
  const { applications } = input;
  const indexed = indexInput(applications, input.sends, input.allocations, input.annulments);
  if (!indexed.ok) return indexed;
  const clickOrder: readonly TieBreak[] = [...EDITIONS[options.edition].criteria, TOKEN_ORDER];
  const sortKey = resolutionKeys(indexed.value.arrivalMs, options.resolution);
  const members = membersByList(indexed.value);
  const lists: ChronologicalList[] = [];
  for (let list = 0; list < LIST_COUNT; list++) {
    const own = members[list];
    if (!own) continue;
    const allocationCents = indexed.value.allocationCents[list] as number;
    const isNcd = (indexed.value.totalRequestedCents[list] as number) <= allocationCents;
    const rows = isNcd
      ? ncdRows(own, applications, indexed.value)
      : clickDayRows(own, applications, indexed.value, sortKey, clickOrder, allocationCents);
    lists.push({
      region: listRegion(list),
      axis: listAxis(list),
      allocationCents,
      kind: isNcd ? 'NCD' : 'CLICK_DAY',
      rows,
    });
  }
  return { ok: true, lists: { edition: options.edition, resolution: options.resolution, lists } };
}

/** Arrival at the resolution: `s` floors to the UTC second (negative epochs floor too). */
function resolutionKeys(arrivalMs: Float64Array, resolution: Resolution): Float64Array {
  if (resolution === 'ms') return arrivalMs;
  const keys = new Float64Array(arrivalMs.length);
  for (let i = 0; i < arrivalMs.length; i++) keys[i] = Math.floor((arrivalMs[i] as number) / 1000) * 1000;
  return keys;
}

/** Application indices grouped by list (counting sort), in input order within each list. */
function membersByList(indexed: IndexedInput): (Int32Array | undefined)[] {
  const members: (Int32Array | undefined)[] = [];
  const filled = new Int32Array(LIST_COUNT);
  for (let list = 0; list < LIST_COUNT; list++) {
    const count = indexed.memberCount[list] as number;
    members.push(count > 0 ? new Int32Array(count) : undefined);
  }
  for (let i = 0; i < indexed.listOf.length; i++) {
    const list = indexed.listOf[i] as number;
    const at = filled[list] as number;
    (members[list] as Int32Array)[at] = i;
    filled[list] = at + 1;
  }
  return members;
}

function ncdRows(own: Int32Array, applications: readonly Application[], indexed: IndexedInput): ListRow[] {
  const { annulmentReason } = indexed;
  const admitted = own.filter((i) => !annulmentReason.has(i));
  const annulled = own.filter((i) => annulmentReason.has(i));
  const byRegistration = (a: number, b: number) =>
    compareBy(NCD_ORDER, applications[a] as Application, applications[b] as Application);
  admitted.sort(byRegistration);
  annulled.sort(byRegistration);
  const rows: ListRow[] = [];
  let cumulativeCents = 0;
  for (let j = 0; j < admitted.length; j++) {
    const application = applications[admitted[j] as number] as Application;
    cumulativeCents += application.requestedCents;
    rows.push({
      position: j + 1,
      application,
      arrivalMs: null,
      cumulativeCents,
      status: 'NCD',
      decidedBy: null,
      reason: null,
    });
  }
  for (const i of annulled)
    rows.push(annulledRow(applications[i] as Application, null, annulmentReason.get(i) as string));
  return rows;
}

function clickDayRows(
  own: Int32Array,
  applications: readonly Application[],
  indexed: IndexedInput,
  sortKey: Float64Array,
  clickOrder: readonly TieBreak[],
  allocationCents: number,
): ListRow[] {
  const { arrivalMs, annulmentReason } = indexed;
  const sent = own.filter((i) => !Number.isNaN(arrivalMs[i] as number));
  const ranked = sent.filter((i) => !annulmentReason.has(i));
  const annulled = sent.filter((i) => annulmentReason.has(i));
  sortByKeyThenCriteria(ranked, sortKey, applications, clickOrder);
  sortByKeyThenCriteria(annulled, sortKey, applications, clickOrder);
  const rows: ListRow[] = new Array(ranked.length);
  let cumulativeCents = 0;
  let fits = true;
  let previous: Application | undefined;
  for (let j = 0; j < ranked.length; j++) {
    const i = ranked[j] as number;
    const application = applications[i] as Application;
    cumulativeCents += application.requestedCents;
    if (fits && cumulativeCents > allocationCents) fits = false;
    const tied = j > 0 && sortKey[i] === sortKey[ranked[j - 1] as number];
    const decidedBy = tied
      ? (decidingCriterion(previous as Application, application, clickOrder)?.criterion ?? null)
      : null;
    rows[j] = {
      position: j + 1,
      application,
      arrivalMs: arrivalMs[i] as number,
      cumulativeCents,
      status: fits ? 'UTILE' : 'CARENZA_FONDI',
      decidedBy,
      reason: null,
    };
    previous = application;
  }
  for (const i of annulled)
    rows.push(annulledRow(applications[i] as Application, arrivalMs[i] as number, annulmentReason.get(i) as string));
  return rows;
}

function annulledRow(application: Application, arrivalMs: number | null, reason: string): ListRow {
  return {
    position: null,
    application,
    arrivalMs,
    cumulativeCents: null,
    status: 'ANNULLATA',
    decidedBy: null,
    reason,
  };
}

function compareBy(tieBreaks: readonly TieBreak[], a: Application, b: Application): number {
  for (const tieBreak of tieBreaks) {
    const order = tieBreak.compare(a, b);
    if (order !== 0) return order;
  }
  return 0;
}
