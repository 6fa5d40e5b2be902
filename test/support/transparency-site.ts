/**
 * A whole verifiable click day in memory, for tests of the verifier: stored applications and allocations, a log
 * (rules, sends, annulments, seal) over the in-memory store, and the lists computed from the record the way
 * `lists build` does and laid out as `lists publish` does (`lists/index.json`, `lists/<edition>/<region>/<axis>.csv`
 * and `.json`), all in one map of site paths. With `draw`, the edition allocates by window draw: the rules commit to
 * the seed, the lists are computed with the draw of the sealed root, and the seed is published as `draw reveal` does.
 */
import type { Application } from '#domain/kernel/application';
import type { Allocation } from '#domain/kernel/config';
import { allocationsCsv, annulmentsCsv, applicationsCsv, sendsCsv } from '#domain/lists/export-files';
import { listFileName, listFiles } from '#domain/lists/list-files';
import { computeLists } from '#domain/lists/ranking';
import { parseAllocations, parseAnnulments, parseApplications, parseSends } from '#domain/lists/records';
import {
  currentListKey,
  EMPTY_INDEX,
  INDEX_KEY,
  ListsFileSchema,
  nextIndex,
  type PublicationMeta,
} from '#domain/lists/publication';
import type { Timetable } from '#domain/kernel/timetable';
import { TransparencyLog } from '#domain/transparency/log';
import { generateKeyPair, noteSigner } from '#domain/transparency/note';
import {
  PUBLIC_ALLOCATIONS_FILE,
  PUBLIC_APPLICATIONS_FILE,
  publicApplicationsCsv,
} from '#domain/transparency/public-tables';
import { rulesEntry } from '#domain/transparency/rules';
import { type Allocation as LogAllocation, parseEntry } from '#domain/transparency/entries';
import { seedCommitment } from '#domain/transparency/draw';
import { DRAW_SEED_FILE, listsDraw, revealedDraw, seedFileText } from '#domain/transparency/window-draw-order';
import { logAnnulments, logSends, type LoggedSend } from '#domain/transparency/sequencer';
import { LOG_INDEX_PATH } from '#domain/transparency/verify/log-index';
import type { PublishedFiles } from '#domain/transparency/verify/source';
import { MemoryLogStore } from '../unit/transparency/memory-log-store.ts';

export const SITE_ORIGIN = 'sportello.example/log/isi2024';
export const SITE_KEYS = generateKeyPair(SITE_ORIGIN, 0x01, new Uint8Array(32).fill(7));

export interface ClickDay {
  applications: Application[];
  allocations: Allocation[];
  timetable: Timetable;
  sends: LoggedSend[];
  annulments: { token: string; reason: string; annulledAt: string }[];
}

export class MemorySite implements PublishedFiles {
  readonly description = 'memoria';
  constructor(readonly files: Map<string, Uint8Array>) {}
  async read(path: string): Promise<Uint8Array | null> {
    return this.files.get(path) ?? null;
  }
  text(path: string): string {
    return new TextDecoder().decode(this.files.get(path)!);
  }
  /** Flips the lowest bit of byte `at` (negative: from the end) of a file. */
  flip(path: string, at: number): void {
    const data = new Uint8Array(this.files.get(path)!);
    const i = at < 0 ? data.length + at : at;
    data[i] = data[i]! ^ 1;
    this.files.set(path, data);
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Runs the click day into a log (sealed unless told) and publishes log and lists on a memory site. */
export async function publishClickDay(
  day: ClickDay,
  options: { seal?: boolean; draw?: { seed: Uint8Array; windowSeconds: number } } = {},
) {
  const store = new MemoryLogStore();
  const log = new TransparencyLog(store, { origin: SITE_ORIGIN, signer: noteSigner(SITE_KEYS.skey) });
  const applicationsTable = publicApplicationsCsv(day.applications);
  const allocationsTable = allocationsCsv(day.allocations);
  const allocation: LogAllocation = options.draw
    ? { mode: 'window-draw', windowSeconds: options.draw.windowSeconds, seedSha256: seedCommitment(options.draw.seed) }
    : { mode: 'chronological' };
  await log.append([
    rulesEntry({
      origin: SITE_ORIGIN,
      edition: 'isi2024',
      resolution: 'ms',
      allocation,
      timetables: new Map([['GLOBAL', day.timetable]]),
      applicationsTable,
      allocationsTable,
    }),
  ]);
  await logSends(log, day.sends.slice(0, Math.ceil(day.sends.length / 2)));
  await logSends(log, day.sends.slice(Math.ceil(day.sends.length / 2)));
  await logAnnulments(log, day.annulments);
  if (options.seal !== false) await log.seal(new Date(day.timetable.moments.m6).toISOString());

  const files = new Map<string, Uint8Array>();
  files.set(`log/isi2024/${PUBLIC_APPLICATIONS_FILE}`, utf8(applicationsTable));
  files.set(`log/isi2024/${PUBLIC_ALLOCATIONS_FILE}`, utf8(allocationsTable));
  const index = {
    logs: [
      { name: 'isi2024', origin: SITE_ORIGIN, vkey: SITE_KEYS.vkey, url: 'https://sportello.example/log/isi2024/' },
    ],
  };
  files.set(LOG_INDEX_PATH, utf8(JSON.stringify(index)));

  const annulled = day.applications.map((a) => {
    const annulment = day.annulments.find((x) => x.token === a.token);
    return annulment ? { ...a, annulment: { reason: annulment.reason, annulledAt: annulment.annulledAt } } : a;
  });
  const ok = <T>(p: { ok: true; records: T[] } | { ok: false }) => {
    if (!p.ok) throw new Error('bad fixture');
    return p.records;
  };
  const computed = computeLists(
    {
      applications: ok(parseApplications(applicationsCsv(day.applications))),
      sends: ok(parseSends(sendsCsv(day.sends))),
      allocations: ok(parseAllocations(allocationsTable)),
      annulments: ok(parseAnnulments(annulmentsCsv(annulled))),
    },
    { edition: 'isi2024', resolution: 'ms', ...(options.draw ? { draw: await drawOf(log, options.draw.seed) } : {}) },
  );
  if (!computed.ok) throw new Error(JSON.stringify(computed.problems));
  const written = new Map(listFiles(computed.lists).map((f) => [f.name, [...f.chunks()].join('')]));
  const listsFile = ListsFileSchema.parse(JSON.parse(written.get('lists.json')!));
  const meta: PublicationMeta = {
    publicationId: 'p1',
    publishedAt: '2026-11-01T00:00:00.000Z',
    edition: 'isi2024',
    resolution: 'ms',
  };
  for (const list of listsFile.lists) {
    const address = { edition: meta.edition, region: list.region, axis: list.axis };
    files.set(currentListKey(address, 'csv'), utf8(written.get(listFileName(list))!));
    files.set(currentListKey(address, 'json'), utf8(`${JSON.stringify({ ...meta, ...list })}\n`));
  }
  files.set(INDEX_KEY, utf8(JSON.stringify(nextIndex(EMPTY_INDEX, meta, listsFile.lists))));
  if (options.draw) files.set(`log/isi2024/${DRAW_SEED_FILE}`, utf8(seedFileText(options.draw.seed)));
  const site = new MemorySite(files);
  exportLog(site, store);
  return { site, log, store };
}

/** Copies the log's published files and current checkpoint onto the site. */
export function exportLog(site: MemorySite, store: MemoryLogStore): void {
  for (const [path, data] of store.files) site.files.set(`log/isi2024/${path}`, data);
  site.files.set('log/isi2024/checkpoint', utf8(store.checkpoint!));
}

/** The lists' draw of a sealed log, as `lists build` makes it: the rules of entry 0, the seed, the sealed root. */
async function drawOf(log: TransparencyLog, seed: Uint8Array) {
  const rules = parseEntry(await log.entry(0));
  const state = await log.current();
  if (rules.kind !== 'rules' || !state?.sealed) throw new Error('a window draw needs the sealed log');
  return listsDraw(rules, revealedDraw(rules, seedFileText(seed).trim(), state.root));
}
