/**
 * Recomputes every published list of an edition from its log and compares it with what the site publishes
 * (docs/transparency-format.md §7, step 7). The lists are computed by the product's own pure computation
 * (`computeLists`, `listFiles`) from:
 * - the applications and allocations tables published beside the log, checked against the SHA-256 the rules entry
 *   committed to before the counter opened;
 * - the `send` entries of the log (token and arrival), each checked against its application's counter window;
 * - the `annulment` entries, with the reason published in the lists checked against the entry's `reason-sha256`;
 * - for a `window-draw` edition, the seed published after the seal (`draw-seed`), checked against the rules'
 *   `seed-sha256`, and the root of the sealed checkpoint: the same draw `lists compute` applies.
 * Each published CSV must be byte-for-byte the recomputed one, each JSON list row for row; the first difference is
 * reported with its file and line.
 */
import { slug } from '#domain/kernel/geography';
import { isEditionId } from '#domain/lists/editions';
import { parseAllocations } from '#domain/lists/files/allocations';
import { jsonRow, listFileName, listFiles } from '#domain/lists/list-files';
import { type ChronologicalList, computeLists, listRows } from '#domain/lists/ranking';
import type { Annulment, Application, InputProblem, Send } from '#domain/lists/records';
import { describeProblem } from '#domain/lists/records';
import { currentListKey, INDEX_KEY, type IndexList, ListsIndexSchema } from '#domain/lists/publication';
import { sha256, toHex } from '#domain/transparency/encoding';
import { counterFor, reasonSha256 } from '#domain/transparency/entries';
import { DrawError } from '#domain/transparency/draw';
import { DRAW_SEED_FILE, listsDraw, revealedDraw } from '#domain/transparency/window-draw-order';
import type { ListsDraw } from '#domain/lists/ranking/draw-order';
import {
  parsePublicApplications,
  PUBLIC_ALLOCATIONS_FILE,
  PUBLIC_APPLICATIONS_FILE,
} from '#domain/transparency/public-tables';
import type { AuditedLog } from './log-audit.ts';
import { type PublishedFiles, readRequired, VerificationError } from './source.ts';
import { count } from '#domain/kernel/plural';

export interface ListsCheck {
  lists: number;
  rows: number;
  /** Annulments published in the lists but decided after the seal, so absent from the log. */
  annulledAfterSeal: string[];
  /** For a window-draw edition: the revealed seed, whose SHA-256 is the committed `seed-sha256`. */
  drawSeed?: string;
}

async function committedTable(files: PublishedFiles, log: AuditedLog, name: string, sha: string): Promise<string> {
  const path = `${log.prefix}${name}`;
  const bytes = await readRequired(files, path);
  if (toHex(sha256(bytes)) !== sha) {
    throw new VerificationError(`${path}: SHA-256 diverso da quello impegnato nella voce 0 del registro (${sha})`);
  }
  return new TextDecoder().decode(bytes);
}

function parsed<T>(path: string, outcome: { ok: true; records: T[] } | { ok: false; problems: InputProblem[] }): T[] {
  if (outcome.ok) return outcome.records;
  throw new VerificationError(`${path}: ${outcome.problems.slice(0, 3).map(describeProblem).join('; ')}`);
}

const toText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The first line where two texts differ, as a message; null when equal. */
export function firstDifference(path: string, expected: string, published: string): string | null {
  if (expected === published) return null;
  const want = expected.split('\n');
  const got = published.split('\n');
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) {
      return `${path}, riga ${i + 1}: pubblicato ${JSON.stringify(got[i] ?? '(fine del file)')}, ricalcolato ${JSON.stringify(want[i] ?? '(fine del file)')}`;
    }
  }
  return `${path}: differenza nei byte di fine riga`;
}

function sendsOf(log: AuditedLog, applications: ReadonlyMap<string, Application>): Send[] {
  return log.entries.flatMap((e, i) => {
    if (e.kind !== 'send') return [];
    const app = applications.get(e.token);
    if (!app)
      throw new VerificationError(`${log.prefix}: la voce ${i} è l'invio di un codice che non è tra le domande`);
    const window = counterFor(log.rules, slug(app.region), app.axis);
    if (!window || e.arrivalTime < window.opensAt || e.arrivalTime >= window.closesAt) {
      throw new VerificationError(
        `${log.prefix}: la voce ${i} (invio ${e.arrivalTime}) è fuori dall'apertura dello sportello di ${app.region} asse ${app.axis}`,
      );
    }
    return [{ token: app.token, arrivalMs: Date.parse(e.arrivalTime), line: 0 }];
  });
}

interface PublishedJsonList {
  rows: { token: string; status: string; reason?: string }[];
}

async function publishedJson(files: PublishedFiles, list: IndexList): Promise<PublishedJsonList> {
  const path = list.urls.json.replace(/^\/+/, '');
  try {
    return JSON.parse(toText(await readRequired(files, path))) as PublishedJsonList;
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    throw new VerificationError(`${path}: non è un JSON valido`);
  }
}

/** Annulments: the log's entries, each with the reason the lists publish (checked against its hash). */
function annulmentsOf(
  log: AuditedLog,
  applications: ReadonlyMap<string, Application>,
  published: ReadonlyMap<string, string>,
): { annulments: Annulment[]; afterSeal: string[] } {
  const annulments: Annulment[] = [];
  const logged = new Set<string>();
  log.entries.forEach((e, i) => {
    if (e.kind !== 'annulment') return;
    const reason = published.get(e.token);
    if (!applications.has(e.token)) throw new VerificationError(`${log.prefix}: la voce ${i} annulla un codice ignoto`);
    if (reason === undefined || reasonSha256(reason) !== e.reasonSha256) {
      throw new VerificationError(
        `${log.prefix}: la voce ${i} annulla ${e.token.slice(0, 12)}…, ma gli elenchi non ne pubblicano il motivo registrato`,
      );
    }
    logged.add(e.token);
    annulments.push({
      token: e.token as Annulment['token'],
      reason,
      annulledAt: e.annulledAt,
      annulledAtMs: 0,
      line: 0,
    });
  });
  const afterSeal = [...published.keys()].filter((t) => !logged.has(t));
  if (afterSeal.length > 0 && !log.sealed) {
    throw new VerificationError(
      `elenchi: ${count(afterSeal.length, 'domanda annullata negli elenchi non è nel registro', 'domande annullate negli elenchi non sono nel registro')} (es. ${afterSeal[0]!.slice(0, 12)}…)`,
    );
  }
  for (const token of afterSeal) {
    annulments.push({
      token: token as Annulment['token'],
      reason: published.get(token)!,
      annulledAt: '',
      annulledAtMs: 0,
      line: 0,
    });
  }
  return { annulments, afterSeal };
}

/** 1. the committed tables; 2. sends and annulments from the log; 3. compute; 4. compare with every published list. */
export async function checkLists(files: PublishedFiles, log: AuditedLog): Promise<ListsCheck> {
  const { rules } = log;
  if (!isEditionId(rules.edition))
    throw new VerificationError(`bando ${rules.edition} sconosciuto a questo verificatore`);
  const draw = await revealedListsDraw(files, log);
  const appsPath = `${log.prefix}${PUBLIC_APPLICATIONS_FILE}`;
  const allocPath = `${log.prefix}${PUBLIC_ALLOCATIONS_FILE}`;
  const applications = parsed(
    appsPath,
    parsePublicApplications(await committedTable(files, log, PUBLIC_APPLICATIONS_FILE, rules.applicationsSha256)),
  );
  const allocations = parsed(
    allocPath,
    parseAllocations(await committedTable(files, log, PUBLIC_ALLOCATIONS_FILE, rules.allocationsSha256)),
  );
  const byToken = new Map(applications.map((a) => [a.token as string, a]));

  const index = ListsIndexSchema.safeParse(JSON.parse(toText(await readRequired(files, INDEX_KEY))));
  if (!index.success) throw new VerificationError(`${INDEX_KEY}: indice degli elenchi non valido`);
  const publishedLists = index.data.lists.filter((l) => l.edition === rules.edition);
  const jsons = await Promise.all(publishedLists.map((l) => publishedJson(files, l)));
  const reasons = new Map<string, string>();
  for (const json of jsons)
    for (const row of json.rows) if (row.status === 'ANNULLATA') reasons.set(row.token, row.reason ?? '');

  const { annulments, afterSeal } = annulmentsOf(log, byToken, reasons);
  const outcome = computeLists(
    { applications, sends: sendsOf(log, byToken), allocations, annulments },
    { edition: rules.edition, resolution: rules.resolution, ...(draw ? { draw: draw.draw } : {}) },
  );
  if (!outcome.ok)
    throw new VerificationError(`ricalcolo: ${outcome.problems.slice(0, 3).map(describeProblem).join('; ')}`);
  const computed = outcome.lists;
  const csvByName = new Map(listFiles(computed).map((f) => [f.name, () => [...f.chunks()].join('')]));

  const published = new Map(publishedLists.map((l, i) => [`${l.region}|${l.axis}`, { list: l, json: jsons[i]! }]));
  let rows = 0;
  for (const list of computed.lists) {
    const found = published.get(`${list.region}|${list.axis}`);
    const address = { edition: rules.edition, region: list.region, axis: list.axis };
    if (!found) throw new VerificationError(`${currentListKey(address, 'csv')}: elenco ricalcolato ma non pubblicato`);
    published.delete(`${list.region}|${list.axis}`);
    const csvPath = found.list.urls.csv.replace(/^\/+/, '');
    const difference = firstDifference(
      csvPath,
      csvByName.get(listFileName(list))!(),
      toText(await readRequired(files, csvPath)),
    );
    if (difference) throw new VerificationError(difference);
    compareJsonRows(found.list.urls.json.replace(/^\/+/, ''), list, found.json);
    rows += list.size;
  }
  const extra = [...published.values()][0];
  if (extra) throw new VerificationError(`${extra.list.urls.csv}: elenco pubblicato che il registro non produce`);
  return {
    lists: computed.lists.length,
    rows,
    annulledAfterSeal: afterSeal,
    ...(draw ? { drawSeed: draw.seedHex } : {}),
  };
}

/**
 * A window-draw edition's draw: the log must be sealed (the draw key takes the sealed root) and the published seed
 * must be the committed one. Undefined for a chronological edition.
 */
async function revealedListsDraw(
  files: PublishedFiles,
  log: AuditedLog,
): Promise<{ draw: ListsDraw; seedHex: string } | undefined> {
  if (log.rules.allocation.mode !== 'window-draw') return undefined;
  if (!log.sealed) {
    throw new VerificationError(
      `${log.prefix}: assegnazione per sorteggio, ma il registro non è chiuso: il sorteggio usa la radice del registro chiuso (seal)`,
    );
  }
  const path = `${log.prefix}${DRAW_SEED_FILE}`;
  const bytes = await files.read(path);
  if (!bytes) {
    throw new VerificationError(
      `${path}: seme del sorteggio non pubblicato (l'operatore lo pubblica con "draw reveal")`,
    );
  }
  const text = toText(bytes);
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) {
    throw new VerificationError(`${path}: il file contiene il seme (64 cifre esadecimali minuscole) e un a capo`);
  }
  const seedHex = text.slice(0, -1);
  try {
    return { draw: listsDraw(log.rules, revealedDraw(log.rules, seedHex, log.checkpoint.root)), seedHex };
  } catch (error) {
    if (error instanceof DrawError) throw new VerificationError(`${path}: ${error.message}`);
    throw error;
  }
}

function compareJsonRows(path: string, list: ChronologicalList, json: PublishedJsonList): void {
  const expected = listRows(list).map((row) => JSON.stringify(jsonRow(row)));
  const got = (json.rows ?? []).map((row) => JSON.stringify(row));
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    if (expected[i] !== got[i]) {
      throw new VerificationError(
        `${path}, riga ${i + 1} dell'elenco: pubblicata ${got[i] ?? '(assente)'}, ricalcolata ${expected[i] ?? '(assente)'}`,
      );
    }
  }
}
