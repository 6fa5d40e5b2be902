/**
 * Cross-record checks and indexing for the lists (CONTRACT "Bad input for lists compute/build"): every send and
 * annulment must name a known application exactly once, and every region × axis with applications needs an
 * allocation. Problems are collected, never thrown, so the operator sees them all at once.
 */
import { AXES, type Axis, REGIONS, type Region } from '#domain/kernel/geography';
import { formatEuros } from '#domain/kernel/money';
import type { Allocation, Annulment, RankedApplication, InputProblem, Send } from '#domain/lists/records';
import { buildTokenIndex, tokenHash } from './token-index.ts';
import { count as countOf } from '#domain/kernel/plural';

export const LIST_COUNT = REGIONS.length * AXES.length;
const regionIndex = new Map<string, number>(REGIONS.map((r, i) => [r, i]));
const axisIndex = new Map<string, number>(AXES.map((a, i) => [a, i]));

/** Lists are numbered region-major in CONTRACT order, so numeric order is the publication order. */
export function listNumber(region: Region, axis: Axis): number {
  return (regionIndex.get(region) as number) * AXES.length + (axisIndex.get(axis) as number);
}

/**
 * `listNumber` for a million records: the axis from its characters (confirmed by equality), saving one of the two
 * `Map` lookups (measured: a table on the region's characters was no faster than the `Map`).
 */
function fastListNumber(region: Region, axis: Axis): number {
  const first = axis.charCodeAt(0) - 48; // '1'..'5'
  const a =
    axis.length === 1
      ? first // '2', '3', '4' are axes 2, 3, 4
      : first === 1
        ? axis.charCodeAt(2) - 49 // '1.1', '1.2' are axes 0, 1
        : axis.charCodeAt(2) - 49 + 5; // '5.1', '5.2' are axes 5, 6
  return AXES[a] === axis ? (regionIndex.get(region) as number) * AXES.length + a : listNumber(region, axis);
}

export function listRegion(list: number): Region {
  return REGIONS[Math.floor(list / AXES.length)] as Region;
}

export function listAxis(list: number): Axis {
  return AXES[list % AXES.length] as Axis;
}

export interface IndexedInput {
  /** Arrival of each application's send (epoch ms), NaN when it was not sent. On V8's heap, see below. */
  arrivalMs: number[];
  /** Annulment reason per application index, for the annulled ones. */
  annulmentReason: Map<number, string>;
  /** 1 for the annulled applications (the same as `annulmentReason`, read in order without a lookup). */
  annulled: Uint8Array;
  /**
   * Requested amount of each application, in cents (read in the walk without touching the records). A plain array
   * (of small integers: cheap to fill), on V8's heap, see below.
   */
  requestedCents: number[];
  /** List number of each application. */
  listOf: Uint8Array;
  /** Allocation in cents per list number, NaN where there is no allocation row. */
  allocationCents: Float64Array;
  /** Total requested per list, all applications (sent or not, annulled or not). */
  totalRequestedCents: Float64Array;
  memberCount: Int32Array;
  /** `sortKey` of every application when one was given (read with the other fields, in the same pass). */
  sortKeys: Float64Array | undefined;
}

/**
 * `sortKey`, optional, is a numeric key of the records to collect on the way (the first tie-break criterion's key,
 * see `TieBreak.key`): reading it with the fields read anyway costs nothing, reading the records again later does.
 */
export function indexInput(
  applications: readonly RankedApplication[],
  sends: readonly Send[],
  allocations: readonly Allocation[],
  annulments: readonly Annulment[],
  sortKey?: (application: RankedApplication) => number,
): { ok: true; value: IndexedInput } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const count = applications.length;
  const tokens: string[] = new Array(count);
  // Typed arrays live outside V8's heap, as "external memory", and some 64 MB of that since the last full
  // collection makes V8 start one (300 ms over the input's 700 MB): the whole computation keeps under that, by
  // reusing buffers and keeping two columns on the heap as plain arrays.
  const tokenHashes = new Int32Array(count);
  const requestedCents: number[] = new Array(count);
  const listOf = new Uint8Array(count);
  const totalRequestedCents = new Float64Array(LIST_COUNT);
  const memberCount = new Int32Array(LIST_COUNT);
  const sortKeys = sortKey ? new Float64Array(count) : undefined;
  // One pass over the records (they are large and scattered: each is read once, with its token).
  for (let i = 0; i < count; i++) {
    const application = applications[i] as RankedApplication;
    const list = fastListNumber(application.region, application.axis);
    const token = application.token;
    tokens[i] = token;
    tokenHashes[i] = tokenHash(token);
    requestedCents[i] = application.requestedCents;
    listOf[i] = list;
    totalRequestedCents[list] = (totalRequestedCents[list] as number) + application.requestedCents;
    memberCount[list] = (memberCount[list] as number) + 1;
    if (sortKeys) sortKeys[i] = (sortKey as (application: RankedApplication) => number)(application);
  }
  const index = buildTokenIndex(
    tokens,
    (i, first) =>
      problems.push({
        file: 'applications',
        line: (applications[i] as RankedApplication).line,
        column: 'token',
        message: `codice identificativo ripetuto: compare già alla riga ${(applications[first] as RankedApplication).line}`,
      }),
    tokenHashes,
  );

  // One pass over the sends, in file order, reading what the join needs.
  const sendCount = sends.length;
  const sendTokens: string[] = new Array(sendCount);
  // The applications' hashes are in the index now: their buffer takes the sends' hashes when large enough.
  const sendHashes = sendCount <= count ? tokenHashes.subarray(0, sendCount) : new Int32Array(sendCount);
  for (let s = 0; s < sendCount; s++) {
    const token = (sends[s] as Send).token;
    sendTokens[s] = token;
    sendHashes[s] = tokenHash(token);
  }
  const arrivalMs: number[] = new Array(count).fill(Number.NaN);
  const sendTo = index.matchAll(sendTokens, sendHashes);
  for (let s = 0; s < sendCount; s++) {
    const at = sendTo[s] as number;
    const send = sends[s] as Send;
    if (at >= 0 && Number.isNaN(arrivalMs[at] as number)) {
      arrivalMs[at] = send.arrivalMs;
      continue;
    }
    if (at < 0) {
      problems.push({ file: 'sends', line: send.line, column: 'token', message: unknownToken(send.token) });
    } else {
      problems.push({
        file: 'sends',
        line: send.line,
        column: 'token',
        message: 'invio ripetuto per lo stesso codice identificativo',
      });
    }
  }

  const annulmentReason = new Map<number, string>();
  const annulled = new Uint8Array(count);
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
    } else {
      annulmentReason.set(at, annulment.reason);
      annulled[at] = 1;
    }
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
        message: `manca lo stanziamento per ${listRegion(list)}, asse ${listAxis(list)} (${countOf(memberCount[list] ?? 0, 'domanda', 'domande')})`,
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
    value: {
      arrivalMs,
      annulmentReason,
      annulled,
      listOf,
      requestedCents,
      allocationCents,
      totalRequestedCents,
      memberCount,
      sortKeys,
    },
  };
}

function unknownToken(token: string): string {
  return `codice identificativo sconosciuto ${token}: nessuna domanda con questo codice`;
}
