/**
 * The records the chronological lists are computed from, as read from the operator's CSV files
 * (CONTRACT "File formats") or from the recorded sends and annulments. Parsers live in `files/`.
 */
import type { Axis, Region } from '#domain/kernel/geography';
import type { Token } from '#domain/kernel/token';

/**
 * What the lists read of an application (*domanda*), one row of `applications.csv`: all of it but the PEC and the
 * registration instant as written. Money in integer cents.
 */
export interface RankedApplication {
  token: Token;
  companyName: string;
  region: Region;
  axis: Axis;
  requestedCents: number;
  projectCents: number;
  /** The registration instant (*REGISTRA*): epoch milliseconds, floored... */
  registeredAtMs: number;
  /** ...plus the nanoseconds within that millisecond (0 when the file gives at most milliseconds). */
  registeredAtNanos: number;
  /** CCIAA registration date, `YYYY-MM-DD` (a real calendar date, so string order is date order). */
  cciaaDate: string;
  legalityRating: boolean;
  workers: number;
  /** Physical line in the source file (header = 1); 0 when the record did not come from a file. */
  line: number;
}

/** Application (*domanda*), one row of `applications.csv`, as `import applications` stores it. */
export interface Application extends RankedApplication {
  /** Primary PEC, lower-case. */
  pec: string;
  /** `registered_at` as written (ISO 8601 with offset). */
  registeredAt: string;
}

/** Funds for one region × axis (*stanziamento*). */
export interface Allocation {
  region: Region;
  axis: Axis;
  allocationCents: number;
  line: number;
}

/** A first valid send (*invio*): the instant it reached the platform, epoch milliseconds UTC. */
export interface Send {
  token: Token;
  arrivalMs: number;
  line: number;
}

/** An operator's annulment (*annullamento*, R19). */
export interface Annulment {
  token: Token;
  reason: string;
  /** `annulled_at` as written (ISO 8601 with offset). */
  annulledAt: string;
  annulledAtMs: number;
  line: number;
}

/** The documents outcome of an application in useful position (*esito della verifica documentale*, R22b). */
export interface OutcomeRow {
  token: Token;
  outcome: 'PERFEZIONATA' | 'DECADUTA';
  /** `decided_at` as written (ISO 8601 with offset), when given. */
  decidedAt: string | null;
  note: string | null;
  line: number;
}

/** One problem found in the input; `line` is the physical line (header = 1) when the problem has one. */
export interface InputProblem {
  file: 'applications' | 'allocations' | 'sends' | 'annulments' | 'outcomes';
  line?: number;
  column?: string;
  message: string;
}

export type Parsed<T> = { ok: true; records: T[] } | { ok: false; problems: InputProblem[] };

export { parseAllocations } from '#domain/lists/files/allocations';
export { parseAnnulments } from '#domain/lists/files/annulments';
export { parseOutcomes } from '#domain/lists/files/outcomes';
export { parseApplications, parseRankedApplications } from '#domain/lists/files/applications';
export { describeProblem } from '#domain/lists/files/problems';
export { parseSends } from '#domain/lists/files/sends';
