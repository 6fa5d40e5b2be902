/**
 * Bad input for the definitive lists (R22): collected, never stopped at the first, and thrown once as one typed
 * error so that the CLI can print every problem and exit 1 (CONTRACT "Operator CLI") without writing anything.
 * Codes are for programs and tests; messages are Italian, for the operator, like the other input problems.
 */
import { count } from '#domain/kernel/plural';

export type ListsProblemCode =
  /** The same region × axis twice in the allocations. */
  | 'LIST_DUPLICATE'
  /** Applications in a region × axis that has no allocation row. */
  | 'ALLOCATION_MISSING'
  /** The same token in two rows. */
  | 'TOKEN_DUPLICATE'
  /** An amount that is not a non-negative safe integer of cents, or totals beyond a safe integer. */
  | 'AMOUNT_INVALID'
  /** A list whose statuses are not a provisional list's (UTILE… CARENZA_FONDI…, or all NCD; ANNULLATA last). */
  | 'ROW_ORDER'
  /** A row waiting for funds with no arrival rank and no cross-list comparator to place it (pass 2). */
  | 'ARRIVAL_RANK_MISSING'
  /** A row in useful position with no outcome (R22b). */
  | 'OUTCOME_MISSING'
  /** Two outcomes for one token. */
  | 'OUTCOME_DUPLICATE'
  /** An outcome for a token that is in no list, or not in useful position. */
  | 'OUTCOME_EXTRA'
  /** An outcome other than PERFEZIONATA or DECADUTA. */
  | 'OUTCOME_INVALID';

export interface ListsProblem {
  code: ListsProblemCode;
  message: string;
  token?: string;
  /** `<Region>|<axis>` */
  list?: string;
  /** Physical line of the record in its file (header = 1), when the caller gave one. */
  line?: number;
}

/** Thrown by the pure functions of this folder on bad input; `problems` lists every problem found, in input order. */
export class ListsInputError extends Error {
  constructor(readonly problems: readonly ListsProblem[]) {
    super(`${count(problems.length, 'problema', 'problemi')} nei dati: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'ListsInputError';
  }
}

/** Throws when anything was collected; lets each check push problems and stop only at the end. */
export function throwIfAny(problems: readonly ListsProblem[]): void {
  if (problems.length > 0) throw new ListsInputError(problems);
}

/** True for a whole, non-negative number of cents that a JavaScript number holds exactly. */
export function isCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
