/**
 * Editions (*bandi*) and their tie-break criteria (*criteri di precedenza a parità di posizione*, R17): the single
 * source of truth for how equal arrival times are ordered. Each criterion is data: the name printed in
 * `decided_by` and a comparator that puts the preferred application first (negative when `a` goes first).
 */
import type { RankedApplication } from './records.ts';

export type Criterion =
  'registered_at' | 'requested_eur' | 'project_eur' | 'cciaa_date' | 'legality_rating' | 'workers' | 'token';

export interface TieBreak {
  criterion: Criterion;
  compare(a: RankedApplication, b: RankedApplication): number;
  /**
   * Optional numeric key that never contradicts `compare` (a smaller key means `a` goes first; equal keys leave
   * the decision to `compare`). Lets long runs of equal arrival be sorted as numbers.
   */
  key?(a: RankedApplication): number;
}

const registeredEarlier: TieBreak = {
  criterion: 'registered_at',
  compare: (a, b) => a.registeredAtMs - b.registeredAtMs || a.registeredAtNanos - b.registeredAtNanos,
  key: (a) => a.registeredAtMs,
};
const requestedLower: TieBreak = {
  criterion: 'requested_eur',
  compare: (a, b) => a.requestedCents - b.requestedCents,
  key: (a) => a.requestedCents,
};
const projectHigher: TieBreak = { criterion: 'project_eur', compare: (a, b) => b.projectCents - a.projectCents };
const cciaaOlder: TieBreak = {
  criterion: 'cciaa_date',
  compare: (a, b) => (a.cciaaDate < b.cciaaDate ? -1 : a.cciaaDate > b.cciaaDate ? 1 : 0),
};
const legalityFirst: TieBreak = {
  criterion: 'legality_rating',
  compare: (a, b) => Number(b.legalityRating) - Number(a.legalityRating),
};
const moreWorkers: TieBreak = { criterion: 'workers', compare: (a, b) => b.workers - a.workers };

/** The final key that makes every order total: code-unit order, so `+` (U+002B) comes before `-` (U+002D). */
export const TOKEN_ORDER: TieBreak = {
  criterion: 'token',
  compare: (a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0),
};

export interface Edition {
  id: string;
  /** Where the criteria come from. */
  source: string;
  /** Applied in sequence to equal arrival times; `TOKEN_ORDER` follows them. */
  criteria: readonly TieBreak[];
}

export const EDITIONS = {
  isi2024: {
    id: 'isi2024',
    source: 'Avviso ISI 2024, art. 16',
    criteria: [registeredEarlier, requestedLower, projectHigher, cciaaOlder, legalityFirst],
  },
  isi2012: {
    id: 'isi2012',
    source: 'Avviso pubblico regionale 2012, art. 14',
    criteria: [requestedLower, projectHigher, moreWorkers, cciaaOlder],
  },
} as const satisfies Record<string, Edition>;

export type EditionId = keyof typeof EDITIONS;
export const EDITION_IDS = Object.keys(EDITIONS) as EditionId[];

export function isEditionId(value: string): value is EditionId {
  return Object.hasOwn(EDITIONS, value);
}

/** NCD lists (R17c) are ordered by registration time (*tempo di registrazione*), then token. */
export const NCD_ORDER: readonly TieBreak[] = [registeredEarlier, TOKEN_ORDER];
