/**
 * The definitive lists (R22c–f) from the provisional ones: feeds the redistribution engine exactly as its doc asks
 * and gives back lists the files can be written from.
 *
 * 1. every allocation row becomes a list, in allocations-file order (a row without applications is an empty list:
 *    all of it is residual); its rows are the provisional list's, ranked then annulled;
 * 2. rows waiting for funds in different lists of an axis are compared as R17 orders them: arrival at the
 *    resolution, then the edition's criteria (the engine breaks what is left by token);
 * 3. the engine checks the outcomes (exactly one per row in useful position) and computes statuses, new allocations
 *    and transfers; its problems come back as input problems of the outcomes file, with their lines;
 * 4. each provisional list is wrapped so that its rows carry the definitive status, the provisional one beside it.
 */
import { EDITIONS, type TieBreak } from './editions.ts';
import type { ChronologicalList, ComputedLists, ListRow, ListStatus } from './ranking.ts';
import type { Allocation, RankedApplication, InputProblem, OutcomeRow } from './records.ts';
import type { DefinitiveStatus, ProvisionalRow, RedistributionResult } from './redistribution/model.ts';
import { ListsInputError } from './redistribution/problems.ts';
import { redistribute } from './redistribution/redistribution.ts';

export interface DefinitiveLists extends ComputedLists {
  /** The redistribution: new allocation per list (allocations-file order) and every transfer. */
  redistribution: RedistributionResult;
}

export type DefinitiveOutcome = { ok: true; lists: DefinitiveLists } | { ok: false; problems: InputProblem[] };

/** A provisional row as the engine reads it, with what `compareAcrossLists` needs. */
interface EngineRow extends ProvisionalRow {
  application: RankedApplication;
  arrivalKey: number;
}

export function definitiveLists(
  provisional: ComputedLists,
  allocations: readonly Allocation[],
  outcomes: readonly OutcomeRow[],
): DefinitiveOutcome {
  const byList = new Map(provisional.lists.map((list) => [`${list.region}|${list.axis}`, list]));
  const perSecond = provisional.resolution === 's';
  const lists = allocations.map((allocation) => {
    const list = byList.get(`${allocation.region}|${allocation.axis}`);
    const rows: EngineRow[] = [];
    for (let j = 0; list && j < list.size; j++) {
      const row = list.row(j);
      const arrival = row.arrivalMs ?? Number.NaN;
      rows.push({
        token: row.application.token,
        requestedCents: row.application.requestedCents,
        status: row.status as ListStatus,
        application: row.application,
        arrivalKey: perSecond ? Math.floor(arrival / 1000) : arrival,
      });
    }
    return { region: allocation.region, axis: allocation.axis, allocationCents: allocation.allocationCents, rows };
  });
  const criteria: readonly TieBreak[] = EDITIONS[provisional.edition].criteria;
  const compareAcrossLists = (a: EngineRow, b: EngineRow): number => {
    if (a.arrivalKey !== b.arrivalKey) return a.arrivalKey < b.arrivalKey ? -1 : 1;
    for (const criterion of criteria) {
      const order = criterion.compare(a.application, b.application);
      if (order !== 0) return order;
    }
    return 0;
  };
  let redistribution: RedistributionResult;
  try {
    redistribution = redistribute(
      { lists, outcomes: outcomes.map(({ token, outcome, line }) => ({ token, outcome, line })), compareAcrossLists },
      provisional.edition,
    );
  } catch (error) {
    if (!(error instanceof ListsInputError)) throw error;
    return {
      ok: false,
      problems: error.problems.map((p) => ({
        file: 'outcomes',
        ...(p.line === undefined ? {} : { line: p.line }),
        ...(p.code.startsWith('OUTCOME') ? { column: 'token' } : {}),
        message: p.message,
      })),
    };
  }
  const statusesOf = new Map(redistribution.lists.map((l) => [l.key, l]));
  return {
    ok: true,
    lists: {
      ...provisional,
      lists: provisional.lists.map((list) => {
        const result = statusesOf.get(`${list.region}|${list.axis}`);
        // Every provisional list has an allocation row (the ranking refuses applications without one).
        if (!result) throw new Error(`no allocation row for ${list.region}|${list.axis}`);
        return definitiveList(list, result.statuses, result.newCents);
      }),
      redistribution,
    },
  };
}

function definitiveList(
  list: ChronologicalList,
  statuses: readonly DefinitiveStatus[],
  newAllocationCents: number,
): ChronologicalList {
  return {
    region: list.region,
    axis: list.axis,
    allocationCents: list.allocationCents,
    newAllocationCents,
    kind: list.kind,
    size: list.size,
    row(j: number): ListRow {
      const row = list.row(j);
      return { ...row, status: statuses[j] as DefinitiveStatus, provisionalStatus: row.status as ListStatus };
    },
  };
}
