/**
 * Cross-record checks and indexing for the lists (CONTRACT "Bad input for lists compute/build"): every send and
 * annulment must name a known application exactly once, and every region × axis with applications needs an
 * allocation. Problems are collected, never thrown, so the operator sees them all at once.
 */
import { AXES, type Axis, REGIONS, type Region } from '../geography.ts';
import { formatEuros } from '../money.ts';
import type { Allocation, Annulment, Application, InputProblem, Send } from '../records.ts';
import { buildTokenIndex } from './tokenIndex.ts';

export const LIST_COUNT = REGIONS.length * AXES.length;
const regionIndex = new Map<string, number>(REGIONS.map((r, i) => [r, i]));
const axisIndex = new Map<string, number>(AXES.map((a, i) => [a, i]));

/** Lists are numbered region-major in CONTRACT order, so numeric order is the publication order. */
export function listNumber(region: Region, axis: Axis): number {
  return (regionIndex.get(region) as number) * AXES.length + (axisIndex.get(axis) as number);
}

export function listRegion(list: number): Region {
  return REGIONS[Math.floor(list / AXES.length)] as Region;
}

export function listAxis(list: number): Axis {
  return AXES[list % AXES.length] as Axis;
}

export interface IndexedInput {
  /** Arrival of each application's send (epoch ms), NaN when it was not sent. */
  arrivalMs: Float64Array;
  /** Annulment reason per application index, for the annulled ones. */
  annulmentReason: Map<number, string>;
  /** Requested amount of each application, in cents (read in the walk without touching the records). */
  requestedCents: Float64Array;
  /** List number of each application. */
  listOf: Uint8Array;
  /** Allocation in cents per list number, NaN where there is no allocation row. */
  allocationCents: Float64Array;
  /** Total requested per list, all applications (sent or not, annulled or not). */
  totalRequestedCents: Float64Array;
  memberCount: Int32Array;
}

export function indexInput(
  applications: readonly Application[],
  sends: readonly Send[],
  allocations: readonly Allocation[],
  annulments: readonly Annulment[],
): { ok: true; value: IndexedInput } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const count = applications.length;
  const tokens: string[] = new Array(count);
  const requestedCents = new Float64Array(count);
  const listOf = new Uint8Array(count);
  const totalRequestedCents = new Float64Array(LIST_COUNT);
  const memberCount = new Int32Array(LIST_COUNT);
  for (let i = 0; i < count; i++) {
    const application = applications[i] as Application;
    const list = listNumber(application.region, application.axis);
    tokens[i] = application.token;
    requestedCents[i] = application.requestedCents;
    listOf[i] = list;
    totalRequestedCents[list] = (totalRequestedCents[list] as number) + application.requestedCents;
    memberCount[list] = (memberCount[list] as number) + 1;
  }
  const index = buildTokenIndex(tokens, (i, first) =>
    problems.push({
      file: 'applications',
      line: (applications[i] as Application).line,
      column: 'token',
      message: `codice identificativo ripetuto: compare già alla riga ${(applications[first] as Application).line}`,
    }),
  );

  const arrivalMs = new Float64Array(count).fill(Number.NaN);
  const sendTo = index.findAll(sends.map((send) => send.token));
  for (let s = 0; s < sends.length; s++) {
    const send = sends[s] as Send;
    const at = sendTo[s] as number;
    if (at < 0) {
      problems.push({ file: 'sends', line: send.line, column: 'token', message: unknownToken(send.token) });
    } else if (!Number.isNaN(arrivalMs[at] as number)) {
      problems.push({
        file: 'sends',
        line: send.line,
        column: 'token',
        message: 'invio ripetuto per lo stesso codice identificativo',
      });
    } else arrivalMs[at] = send.arrivalMs;
  }

  const annulmentReason = new Map<number, string>();
  for (const annulment of annulments) {
    const at = index.find(annulment.token);
    if (at < 0) {
      problems.push({
        file: 'annulments',
        line: annulment.line,
        column: 'token',
        message: unknownToken(annulment.token),
      });
    } else if (annulmentReason.has(at)) {
      problems.push({
        file: 'annulments',
        line: annulment.line,
        column: 'token',
        message: 'annullamento ripetuto per lo stesso codice identificativo',
      });
    } else annulmentReason.set(at, annulment.reason);
  }

  const allocationCents = new Float64Array(LIST_COUNT).fill(Number.NaN);
  for (const allocation of allocations) {
    const list = listNumber(allocation.region, allocation.axis);
    if (!Number.isNaN(allocationCents[list] as number)) {
      problems.push({
        file: 'allocations',
        line: allocation.line,
        column: 'axis',
        message: `stanziamento ripetuto per ${allocation.region}, asse ${allocation.axis}`,
      });
    } else allocationCents[list] = allocation.allocationCents;
  }

  for (let list = 0; list < LIST_COUNT; list++) {
    if (memberCount[list] === 0) continue;
    if (Number.isNaN(allocationCents[list] as number)) {
      problems.push({
        file: 'allocations',
        message: `manca lo stanziamento per ${listRegion(list)}, asse ${listAxis(list)} (${memberCount[list]} ${memberCount[list] === 1 ? 'domanda' : 'domande'})`,
      });
    }
    if (!Number.isSafeInteger(totalRequestedCents[list])) {
      problems.push({
        file: 'applications',
        message: `importi richiesti troppo grandi per ${listRegion(list)}, asse ${listAxis(list)}: il totale supera ${formatEuros(Number.MAX_SAFE_INTEGER)} euro`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { arrivalMs, annulmentReason, listOf, requestedCents, allocationCents, totalRequestedCents, memberCount },
  };
}

function unknownToken(token: string): string {
  return `codice identificativo sconosciuto ${token}: nessuna domanda con questo codice`;
}
