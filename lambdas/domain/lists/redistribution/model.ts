/**
 * What the definitive lists (R22b–f) take in and give out. Input: the provisional lists in allocations-file order
 * (what R17/R17b/R17c produced), the operators' documents outcomes, and a way to order waiting rows of different
 * lists by arrival (pass 2). Output: one definitive status per row, the new allocation of every list and every
 * transfer. Plain data in both directions, so that a result serialises to the same JSON bytes every time.
 */
import type { Axis, Region } from '#domain/kernel/geography';

/** The provisional statuses of CONTRACT "File formats" (R17b, R17c, R19). */
export type ProvisionalStatus = 'UTILE' | 'CARENZA_FONDI' | 'NCD' | 'ANNULLATA';

/** R22b: documents sent in time (`PERFEZIONATA`) or not sent / withdrawn (`DECADUTA`). */
export type Outcome = 'PERFEZIONATA' | 'DECADUTA';
export const OUTCOMES: readonly Outcome[] = ['PERFEZIONATA', 'DECADUTA'];

/** R22c, art. 15 of the ISI 2024 call. */
export type DefinitiveStatus =
  'AMMISSIBILE_DEFINITIVA' | 'DECADUTA' | 'SUBENTRATA' | 'NON_AMMISSIBILE_CARENZA_FONDI' | 'ANNULLATA';

/** R22d for `isi2024`, R22e (no redistribution between lists) for `isi2012`: the edition ids of `editions.ts`. */
export type RedistributionEdition = 'isi2024' | 'isi2012';

export interface ProvisionalRow {
  token: string;
  requestedCents: number;
  status: ProvisionalStatus;
  /**
   * This row's place in one arrival order shared by every list of its axis (R17 across lists: arrival at the
   * resolution, then the edition's criteria; the token breaks what is left). Smaller is earlier; only compared
   * between rows of the same axis. Read only for `CARENZA_FONDI` rows, and only when the input gives no
   * `compareAcrossLists`.
   */
  arrivalRank?: number;
}

export interface ProvisionalList<R extends ProvisionalRow = ProvisionalRow> {
  region: Region;
  axis: Axis;
  /** `A[l]`, the initial allocation (*stanziamento iniziale*). */
  allocationCents: number;
  /** In provisional order: ranked rows (NCD lists by registration), then annulled rows. May be empty. */
  rows: readonly R[];
}

/** One row of the outcomes file (R22b). */
export interface OutcomeRecord {
  token: string;
  outcome: Outcome;
  /** Physical line in the outcomes file, for problems. */
  line?: number;
}

export interface RedistributionInput<R extends ProvisionalRow = ProvisionalRow> {
  /** Every allocation row as a list, in allocations-file order (the order that breaks rounding ties). */
  lists: readonly ProvisionalList<R>[];
  outcomes: readonly OutcomeRecord[];
  /**
   * R17 between two waiting rows of different lists of one axis (negative when `a` arrived first). Lets the
   * ranking code compare its own records with the edition's criteria; the token breaks any tie it leaves.
   * Default: `arrivalRank`.
   */
  compareAcrossLists?: (a: R, b: R) => number;
}

/** 1–3 the passes of R22d, 4 the G1 → G5 move, 5 the final return of axis pools. */
export type Pass = 1 | 2 | 3 | 4 | 5;

/** A move of money; `from`/`to` are `<Region>|<axis>`, `pool:<axis>`, `pool:G1` or `pool:G5`; `cents` > 0. */
export interface Transfer {
  from: string;
  to: string;
  pass: Pass;
  cents: number;
}

export interface DefinitiveList {
  /** `<Region>|<axis>` */
  key: string;
  region: Region;
  axis: Axis;
  initialCents: number;
  /** *Nuovo stanziamento a seguito della redistribuzione*. */
  newCents: number;
  /** `newCents - initialCents` (negative when the list gave money away). */
  differenceCents: number;
  /** Requested amounts of its `AMMISSIBILE_DEFINITIVA` and `SUBENTRATA` rows. */
  fundedCents: number;
  /** One per input row, same order. */
  statuses: DefinitiveStatus[];
}

export interface RedistributionResult {
  edition: RedistributionEdition;
  /** Allocations-file order. */
  lists: DefinitiveList[];
  /** In the order the moves were made. */
  transfers: Transfer[];
}
