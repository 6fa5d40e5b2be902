/**
 * Chronological lists (*elenchi cronologici*, R17, R17b, R17c) per region × axis, exactly as CONTRACT
 * "File formats" defines them. Pure: records in, lists out (or every input problem).
 *
 * 1. index the records and check them against each other (unknown or repeated tokens, missing allocations);
 * 2. per region × axis with applications: NCD list when R22a's frozen decision says so, or, where nothing is frozen,
 *    when the total requested by all its applications (sent or not, annulled or not) is within the allocation
 *    (R17c); else a click-day list of the applications sent;
 * 3. order, walk the order adding requested amounts, cut at the first that does not fit (no skipping);
 * 4. annulled applications last, in the order they would have had, without position or cumulative amount.
 * Under a window draw (`options.draw`, docs/transparency-format.md §6) step 3 puts the sends of the window first, in
 * the draw's order (`ranking/draw-order.ts`), then the others in the chronological order.
 */
import { isNcdList } from './ncd.ts';
import type { FrozenNcdLookup } from './ncd-frozen.ts';
import type { DefinitiveStatus } from './redistribution/model.ts';
import { type Criterion, EDITIONS, type EditionId, NCD_ORDER, type TieBreak, TOKEN_ORDER } from './editions.ts';
import type { Axis, Region } from '#domain/kernel/geography';
import { sortByKeyThenCriteria } from '#domain/lists/ranking/click-order';
import { type ClickDayColumns, rankClickDayLists } from '#domain/lists/ranking/click-day';
import { type ListsDraw, sortWindowByDraw } from '#domain/lists/ranking/draw-order';
import { comparatorSort, sortByKeyOf } from '#domain/lists/ranking/packed-sort';
import { type IndexedInput, indexInput, LIST_COUNT, listAxis, listRegion } from '#domain/lists/ranking/inputs';
import type { Allocation, Annulment, RankedApplication, InputProblem, Send } from './records.ts';

/** `ms` orders by the recorded millisecond; `s` floors arrivals to the UTC second (the published resolution). */
export type Resolution = 'ms' | 's';
export const RESOLUTIONS: readonly Resolution[] = ['ms', 's'];

/** `UTILE` (*in posizione utile*), `CARENZA_FONDI` (*non ammissibile per carenza di fondi*), `NCD`, `ANNULLATA`. */
export type ListStatus = 'UTILE' | 'CARENZA_FONDI' | 'NCD' | 'ANNULLATA';
export type ListKind = 'CLICK_DAY' | 'NCD';
/** What placed a row after the previous one: a tie-break criterion, or the window draw. */
export type DecidedBy = Criterion | 'draw';
/** A row's status in a provisional list, or in a definitive one (R22c, `definitive.ts`). */
export type RowStatus = ListStatus | DefinitiveStatus;

export interface ListRow {
  /** From 1 within the list; null on annulled rows. */
  position: number | null;
  application: RankedApplication;
  /** The recorded arrival (ms, even at resolution `s`); null on NCD lists and for applications not sent. */
  arrivalMs: number | null;
  /** Running sum of requested amounts; null on annulled rows. */
  cumulativeCents: number | null;
  status: RowStatus;
  /** In a definitive list, the row's provisional status. */
  provisionalStatus?: ListStatus;
  /**
   * The criterion that placed this row after the previous one at equal arrival time, `draw` for a row of a window
   * draw after the first, else null.
   */
  decidedBy: DecidedBy | null;
  /** The annulment reason on annulled rows, else null. */
  reason: string | null;
}

export interface ChronologicalList {
  region: Region;
  axis: Axis;
  allocationCents: number;
  /** In a definitive list, *nuovo stanziamento a seguito della redistribuzione* (R22d). */
  newAllocationCents?: number;
  kind: ListKind;
  /** Number of rows: the ranked ones, then the annulled ones. */
  size: number;
  /**
   * Row `j` (0-based, print order), built on demand: a list keeps compact columns (typed arrays of indices,
   * running sums and criteria) so that a million rows cost a few megabytes, not a million objects.
   */
  row(j: number): ListRow;
}

/** Every row of a list, in print order. */
export function listRows(list: ChronologicalList): ListRow[] {
  return Array.from({ length: list.size }, (_, j) => list.row(j));
}

export interface ComputedLists {
  edition: EditionId;
  resolution: Resolution;
  /** Region order of CONTRACT, then axis order; only region × axis pairs that have applications. */
  lists: ChronologicalList[];
}

export interface RankingInput {
  applications: readonly RankedApplication[];
  sends: readonly Send[];
  allocations: readonly Allocation[];
  annulments: readonly Annulment[];
}

export interface RankingOptions {
  edition: EditionId;
  resolution: Resolution;
  /**
   * R22a's decision where frozen (`ops lists ncd freeze`, or at registration close); a list it says nothing about
   * follows R17c's live rule on the imported applications.
   */
  frozenNcd?: FrozenNcdLookup;
  /** The window draw of an edition that allocates by `window-draw`; absent: chronological order (R17). */
  draw?: ListsDraw;
}

export type RankingOutcome = { ok: true; lists: ComputedLists } | { ok: false; problems: InputProblem[] };

export function computeLists(input: RankingInput, options: RankingOptions): RankingOutcome {
  const indexed = indexInput(
    input.applications,
    input.sends,
    input.allocations,
    input.annulments,
    firstCriterionKey(options.edition),
  );
  if (!indexed.ok) return indexed;
  return { ok: true, lists: rankIndexed(input.applications, indexed.value, options) };
}

/** The edition's first criterion's numeric key, collected by `indexInput` for the long runs of equal arrival. */
export function firstCriterionKey(edition: EditionId): ((application: RankedApplication) => number) | undefined {
  return EDITIONS[edition].criteria[0]?.key;
}

/**
 * Steps 2–4 on input already indexed and checked by `indexInput` (exported so the benchmark can time them apart).
 * `indexed.sortKeys`, when present, must be the first criterion's keys (`firstCriterionKey`).
 */
export function rankIndexed(
  applications: readonly RankedApplication[],
  indexed: IndexedInput,
  options: RankingOptions,
): ComputedLists {
  const clickOrder: readonly TieBreak[] = [...EDITIONS[options.edition].criteria, TOKEN_ORDER];
  const isClickDay = new Uint8Array(LIST_COUNT);
  for (let list = 0; list < LIST_COUNT; list++) {
    if (indexed.memberCount[list] === 0) continue;
    const ncd =
      options.frozenNcd?.(listRegion(list), listAxis(list)) ??
      isNcdList(indexed.allocationCents[list] as number, indexed.totalRequestedCents[list] as number);
    isClickDay[list] = ncd ? 0 : 1;
  }
  // The fast path packs arrival keys and knows nothing of a draw: a drawn edition sorts list by list.
  const fast = options.draw
    ? undefined
    : rankClickDayLists(applications, indexed, isClickDay, options.resolution === 's', clickOrder);
  // Members list by list are needed for NCD lists, and for every list when the fast path does not apply.
  const members = membersByList(indexed, (list) => !fast || isClickDay[list] === 0);
  let slowPath: SlowPath | undefined;
  const lists: ChronologicalList[] = [];
  for (let list = 0; list < LIST_COUNT; list++) {
    if (indexed.memberCount[list] === 0) continue;
    const allocationCents = indexed.allocationCents[list] as number;
    let columns: ListColumns;
    if (isClickDay[list] === 0) columns = ncdColumns(members[list] as Int32Array, applications, indexed);
    else if (fast) columns = { kind: 'CLICK_DAY', ...(fast[list] as ClickDayColumns) };
    else {
      slowPath ??= {
        sortKey: resolutionKeys(indexed.arrivalMs, options.resolution),
        firstCriterionKeys: indexed.sortKeys
          ? () => indexed.sortKeys as Float64Array
          : lazyFirstCriterionKeys(applications, clickOrder[0]),
      };
      const { sortKey, firstCriterionKeys } = slowPath;
      const own = members[list] as Int32Array;
      columns = clickDayColumns(own, applications, indexed, sortKey, clickOrder, allocationCents, {
        firstCriterionKeys,
        draw: options.draw,
      });
    }
    const region = listRegion(list);
    lists.push(new RankedList(region, listAxis(list), allocationCents, applications, indexed, clickOrder, columns));
  }
  return { edition: options.edition, resolution: options.resolution, lists };
}

/** What the list-by-list ordering needs, made once and only if some list takes it. */
interface SlowPath {
  sortKey: ArrayLike<number>;
  firstCriterionKeys: (() => ArrayLike<number>) | undefined;
}

/** The first criterion's numeric key for every application, computed once and only if a long tie needs it. */
function lazyFirstCriterionKeys(
  applications: readonly RankedApplication[],
  first: TieBreak | undefined,
): (() => Float64Array) | undefined {
  const key = first?.key;
  if (!key) return undefined;
  let keys: Float64Array | undefined;
  return () => {
    if (!keys) {
      keys = new Float64Array(applications.length);
      for (let i = 0; i < applications.length; i++) keys[i] = key(applications[i] as RankedApplication);
    }
    return keys;
  };
}

/** Arrival at the resolution: `s` floors to the UTC second (negative epochs floor too). */
function resolutionKeys(arrivalMs: ArrayLike<number>, resolution: Resolution): ArrayLike<number> {
  if (resolution === 'ms') return arrivalMs;
  const keys = new Float64Array(arrivalMs.length);
  for (let i = 0; i < arrivalMs.length; i++) keys[i] = Math.floor((arrivalMs[i] as number) / 1000) * 1000;
  return keys;
}

/** RankedApplication indices grouped by list (counting sort), in input order within each list; only the lists wanted. */
function membersByList(indexed: IndexedInput, wanted: (list: number) => boolean): (Int32Array | undefined)[] {
  const members: (Int32Array | undefined)[] = [];
  const filled = new Int32Array(LIST_COUNT);
  let any = false;
  for (let list = 0; list < LIST_COUNT; list++) {
    const count = indexed.memberCount[list] as number;
    const want = count > 0 && wanted(list);
    members.push(want ? new Int32Array(count) : undefined);
    any ||= want;
  }
  if (!any) return members;
  for (let i = 0; i < indexed.listOf.length; i++) {
    const list = indexed.listOf[i] as number;
    const own = members[list];
    if (!own) continue;
    const at = filled[list] as number;
    own[at] = i;
    filled[list] = at + 1;
  }
  return members;
}

/** A list's columns: `order` holds application indices, the ranked rows first, then the annulled ones. */
interface ListColumns {
  kind: ListKind;
  order: Int32Array;
  rankedCount: number;
  cumulativeCents: Float64Array;
  /** First ranked row that does not fit the allocation (R17b), `rankedCount` when all fit. */
  firstShortfall: number;
  /** Per ranked row: 0 when no criterion decided it, else 1 + the index of the deciding criterion. */
  decidedBy: Uint8Array;
}

function ncdColumns(own: Int32Array, applications: readonly RankedApplication[], indexed: IndexedInput): ListColumns {
  const { annulled, requestedCents } = indexed;
  // Admitted first, annulled at the end of the same buffer (each part is then sorted, so their order does not matter).
  const order = new Int32Array(own.length);
  let admittedCount = 0;
  let annulledStart = own.length;
  for (let j = 0; j < own.length; j++) {
    const i = own[j] as number;
    if (annulled[i] === 0) order[admittedCount++] = i;
    else order[--annulledStart] = i;
  }
  const registered = NCD_ORDER[0]?.key;
  const byRegistration = (a: number, b: number) =>
    compareBy(NCD_ORDER, applications[a] as RankedApplication, applications[b] as RankedApplication);
  for (const [from, to] of [
    [0, admittedCount],
    [admittedCount, own.length],
  ] as const) {
    if (registered)
      sortByKeyOf(order, from, to, (i) => registered(applications[i] as RankedApplication), byRegistration);
    else comparatorSort(order, from, to, byRegistration);
  }
  const admitted = order.subarray(0, admittedCount);
  return {
    kind: 'NCD',
    order,
    rankedCount: admittedCount,
    cumulativeCents: runningSum(admitted, requestedCents),
    firstShortfall: admittedCount,
    decidedBy: new Uint8Array(admittedCount),
  };
}

function clickDayColumns(
  own: Int32Array,
  applications: readonly RankedApplication[],
  indexed: IndexedInput,
  sortKey: ArrayLike<number>,
  clickOrder: readonly TieBreak[],
  allocationCents: number,
  order: ClickOrder,
): ListColumns {
  const { arrivalMs, annulmentReason } = indexed;
  // One pass, no closure: sent and not annulled first, sent and annulled at the end of the same buffer.
  const ranked = new Int32Array(own.length);
  let rankedCount = 0;
  let annulledStart = own.length;
  for (let j = 0; j < own.length; j++) {
    const i = own[j] as number;
    if (Number.isNaN(arrivalMs[i] as number)) continue;
    if (annulmentReason.size !== 0 && annulmentReason.has(i)) ranked[--annulledStart] = i;
    else ranked[rankedCount++] = i;
  }
  // The annulled go right after the ranked (the print order), back in input order (they were written backwards).
  ranked.copyWithin(rankedCount, annulledStart);
  const sorted = ranked.subarray(0, rankedCount + own.length - annulledStart);
  sorted.subarray(rankedCount).reverse();
  return rankClickDay(sorted, rankedCount, applications, indexed, sortKey, clickOrder, allocationCents, order);
}

/** How a click-day list is ordered beyond arrival: the first criterion's keys for long ties, the window draw. */
interface ClickOrder {
  firstCriterionKeys: (() => ArrayLike<number>) | undefined;
  draw: ListsDraw | undefined;
}

/** `decidedBy` code of a row placed by the window draw (criteria are 1 + their index, far below). */
const DECIDED_BY_DRAW = 255;

/** `order` holds the ranked applications, then the annulled ones; both parts are sorted in place. */
function rankClickDay(
  order: Int32Array,
  rankedCount: number,
  applications: readonly RankedApplication[],
  indexed: IndexedInput,
  sortKey: ArrayLike<number>,
  clickOrder: readonly TieBreak[],
  allocationCents: number,
  { firstCriterionKeys, draw }: ClickOrder,
): ListColumns {
  const { requestedCents } = indexed;
  const ranked = order.subarray(0, rankedCount);
  const annulled = order.subarray(rankedCount);
  // Each part: the window's sends first in the draw's order (none without a draw), then the rest chronologically.
  const sortPart = (part: Int32Array): { drawn: number; keys: Float64Array } => {
    const drawn = draw ? sortWindowByDraw(part, applications, indexed.arrivalMs, draw) : 0;
    const rest = part.subarray(drawn);
    return { drawn, keys: sortByKeyThenCriteria(rest, sortKey, applications, clickOrder, firstCriterionKeys) };
  };
  const { drawn, keys: rankedKeys } = sortPart(ranked);
  sortPart(annulled);
  const cumulativeCents = runningSum(ranked, requestedCents);
  let firstShortfall = 0;
  while (firstShortfall < ranked.length && (cumulativeCents[firstShortfall] as number) <= allocationCents)
    firstShortfall++;
  const decidedBy = new Uint8Array(ranked.length);
  decidedBy.fill(DECIDED_BY_DRAW, 1, Math.max(1, drawn));
  // After the window (the whole list without a draw): equal arrival keys are decided by the criteria.
  for (let j = drawn + 1; j < ranked.length; j++) {
    const previous = ranked[j - 1] as number;
    const current = ranked[j] as number;
    if (rankedKeys[j - drawn] !== rankedKeys[j - drawn - 1]) continue;
    const a = applications[previous] as RankedApplication;
    const b = applications[current] as RankedApplication;
    for (let c = 0; c < clickOrder.length; c++) {
      if ((clickOrder[c] as TieBreak).compare(a, b) !== 0) {
        decidedBy[j] = c + 1;
        break;
      }
    }
  }
  return {
    kind: 'CLICK_DAY',
    order,
    rankedCount,
    cumulativeCents,
    firstShortfall,
    decidedBy,
  };
}

function runningSum(order: Int32Array, requestedCents: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(order.length);
  let sum = 0;
  for (let j = 0; j < order.length; j++) {
    sum += requestedCents[order[j] as number] as number;
    sums[j] = sum;
  }
  return sums;
}

class RankedList implements ChronologicalList {
  readonly kind: ListKind;
  readonly size: number;

  constructor(
    readonly region: Region,
    readonly axis: Axis,
    readonly allocationCents: number,
    private readonly applications: readonly RankedApplication[],
    private readonly indexed: IndexedInput,
    private readonly clickOrder: readonly TieBreak[],
    private readonly columns: ListColumns,
  ) {
    this.kind = columns.kind;
    this.size = columns.order.length;
  }

  row(j: number): ListRow {
    const { order, rankedCount, cumulativeCents, firstShortfall, decidedBy } = this.columns;
    if (!Number.isInteger(j) || j < 0 || j >= this.size) throw new RangeError(`no row ${j} in a list of ${this.size}`);
    const index = order[j] as number;
    const application = this.applications[index] as RankedApplication;
    const sentAt = this.indexed.arrivalMs[index] as number;
    const arrivalMs = this.kind === 'NCD' || Number.isNaN(sentAt) ? null : sentAt;
    if (j >= rankedCount) {
      const reason = this.indexed.annulmentReason.get(index) as string;
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
    const decided = decidedBy[j] as number;
    return {
      position: j + 1,
      application,
      arrivalMs,
      cumulativeCents: cumulativeCents[j] as number,
      status: this.kind === 'NCD' ? 'NCD' : j < firstShortfall ? 'UTILE' : 'CARENZA_FONDI',
      decidedBy:
        decided === 0
          ? null
          : decided === DECIDED_BY_DRAW
            ? 'draw'
            : (this.clickOrder[decided - 1] as TieBreak).criterion,
      reason: null,
    };
  }
}

function compareBy(tieBreaks: readonly TieBreak[], a: RankedApplication, b: RankedApplication): number {
  for (const tieBreak of tieBreaks) {
    const order = tieBreak.compare(a, b);
    if (order !== 0) return order;
  }
  return 0;
}
