/**
 * Checks the input of the definitive lists before any money moves (R22 details): the lists must be provisional
 * lists (so that "no skipping" in the result means something), amounts exact, tokens unique, and every row in
 * useful position (click-day `UTILE` or `NCD`) must have exactly one outcome — a missing, duplicate or extra outcome
 * is bad input (CONTRACT "File formats", outcomes). Every problem is collected, then thrown once.
 */
import { listKey } from './names.ts';
import {
  type RedistributionEdition,
  type Outcome,
  OUTCOMES,
  type ProvisionalList,
  type ProvisionalRow,
  type RedistributionInput,
} from './model.ts';
import { isCents, type ListsProblem, throwIfAny } from './problems.ts';

const STATUSES: ReadonlySet<string> = new Set(['UTILE', 'CARENZA_FONDI', 'NCD', 'ANNULLATA']);

/** A row in useful position needs an outcome; a `CARENZA_FONDI` or `ANNULLATA` row must not have one. */
export function isUsefulPosition(row: ProvisionalRow): boolean {
  return row.status === 'UTILE' || row.status === 'NCD';
}

/** Validates `input`; returns the outcome of every useful-position row by token, or throws `ListsInputError`. */
export function validateInput<R extends ProvisionalRow>(
  input: RedistributionInput<R>,
  edition: RedistributionEdition,
): Map<string, Outcome> {
  const problems: ListsProblem[] = [];
  const rowsByToken = new Map<string, ProvisionalRow>();
  const needsRank = edition === 'isi2024' && input.compareAcrossLists === undefined;
  checkLists(input.lists, problems);
  for (const list of input.lists) {
    const key = listKey(list.region, list.axis);
    checkOrder(list, key, problems);
    for (const row of list.rows) {
      if (rowsByToken.has(row.token)) {
        problems.push({
          code: 'TOKEN_DUPLICATE',
          token: row.token,
          list: key,
          message: `codice ripetuto ${row.token}`,
        });
      } else rowsByToken.set(row.token, row);
      if (!isCents(row.requestedCents)) {
        problems.push({
          code: 'AMOUNT_INVALID',
          token: row.token,
          list: key,
          message: `importo non valido ${row.token}`,
        });
      }
      if (needsRank && row.status === 'CARENZA_FONDI' && !Number.isFinite(row.arrivalRank)) {
        problems.push({
          code: 'ARRIVAL_RANK_MISSING',
          token: row.token,
          list: key,
          message: `manca l'ordine di arrivo fra elenchi per ${row.token}`,
        });
      }
    }
  }
  const outcomes = checkOutcomes(input, rowsByToken, problems);
  throwIfAny(problems);
  return outcomes;
}

/** One list per region × axis; exact allocations; totals that stay exact as JavaScript numbers. */
function checkLists(lists: readonly ProvisionalList[], problems: ListsProblem[]): void {
  const seen = new Set<string>();
  let allocations = 0;
  for (const list of lists) {
    const key = listKey(list.region, list.axis);
    if (seen.has(key)) {
      problems.push({ code: 'LIST_DUPLICATE', list: key, message: `elenco ripetuto ${key}` });
    }
    seen.add(key);
    if (!isCents(list.allocationCents)) {
      problems.push({ code: 'AMOUNT_INVALID', list: key, message: `stanziamento non valido per ${key}` });
    } else allocations += list.allocationCents;
    const requested = list.rows.reduce((sum, row) => sum + (isCents(row.requestedCents) ? row.requestedCents : 0), 0);
    if (!Number.isSafeInteger(requested)) {
      problems.push({ code: 'AMOUNT_INVALID', list: key, message: `totale richiesto troppo grande per ${key}` });
    }
  }
  if (!Number.isSafeInteger(allocations)) {
    problems.push({ code: 'AMOUNT_INVALID', message: 'totale degli stanziamenti troppo grande' });
  }
}

/**
 * A provisional list is either NCD (all its ranked rows `NCD`) or click-day (`UTILE` rows, then `CARENZA_FONDI`
 * rows), with its `ANNULLATA` rows last. Anything else would make the definitive statuses meaningless.
 */
function checkOrder(list: ProvisionalList, key: string, problems: ListsProblem[]): void {
  let annulledSeen = false;
  let shortfallSeen = false;
  let ncd: boolean | undefined;
  for (const row of list.rows) {
    let bad: string | undefined;
    if (!STATUSES.has(row.status)) bad = `stato provvisorio sconosciuto ${String(row.status)}`;
    else if (row.status === 'ANNULLATA') annulledSeen = true;
    else if (annulledSeen) bad = 'una domanda annullata precede una non annullata';
    else if ((ncd ??= row.status === 'NCD') !== (row.status === 'NCD')) bad = 'elenco NCD misto a click day';
    else if (row.status === 'CARENZA_FONDI') shortfallSeen = true;
    else if (row.status === 'UTILE' && shortfallSeen) bad = 'una domanda in posizione utile segue una esclusa';
    if (bad !== undefined) {
      problems.push({ code: 'ROW_ORDER', token: row.token, list: key, message: `${key}: ${bad} (${row.token})` });
      return;
    }
  }
}

function checkOutcomes<R extends ProvisionalRow>(
  input: RedistributionInput<R>,
  rowsByToken: ReadonlyMap<string, ProvisionalRow>,
  problems: ListsProblem[],
): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  const lineOf = new Map<string, number | undefined>();
  for (const record of input.outcomes) {
    const { token, line } = record;
    const row = rowsByToken.get(token);
    if (!OUTCOMES.includes(record.outcome)) {
      problems.push({ code: 'OUTCOME_INVALID', token, line, message: `esito non valido per ${token}` });
    } else if (lineOf.has(token)) {
      const first = lineOf.get(token);
      const where = first === undefined ? '' : ` (già alla riga ${first})`;
      problems.push({ code: 'OUTCOME_DUPLICATE', token, line, message: `esito ripetuto per ${token}${where}` });
    } else if (row === undefined) {
      problems.push({ code: 'OUTCOME_EXTRA', token, line, message: `esito per un codice sconosciuto ${token}` });
    } else if (!isUsefulPosition(row)) {
      problems.push({
        code: 'OUTCOME_EXTRA',
        token,
        line,
        message: `esito per ${token}, che non è in posizione utile (${row.status})`,
      });
    } else outcomes.set(token, record.outcome);
    if (!lineOf.has(token)) lineOf.set(token, line);
  }
  for (const list of input.lists) {
    for (const row of list.rows) {
      if (isUsefulPosition(row) && !lineOf.has(row.token)) {
        const key = listKey(list.region, list.axis);
        problems.push({
          code: 'OUTCOME_MISSING',
          token: row.token,
          list: key,
          message: `manca l'esito per ${row.token} (${key})`,
        });
      }
    }
  }
  return outcomes;
}
