/**
 * The record as the input files of `lists compute`, in a private temporary folder: the four CONTRACT CSV files (the
 * same bytes `export sends|annulments|applications|allocations` write), R22a's frozen decision as `ncd.json` when an
 * axis is frozen, and the current documents outcomes as `outcomes.csv` when asked for. `lists build`, `lists
 * redistribute` and `outcomes import` run the file computation on them, so that they cannot disagree with `lists
 * compute` by construction. The folder is removed when `work` ends.
 * For an edition the open log allocates by window draw, the draw's inputs too: the rules entry as `rules.txt`, the
 * sealed root and the published seed (refused before `log seal` and `draw reveal`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrozenNcdFile } from '#domain/lists/ncd-frozen';
import { allocationsCsv, annulmentsCsv, applicationsCsv, outcomesCsv, sendsCsv } from '#domain/lists/export-files';
import { BadInput } from '#ops/cli';
import { withCloud } from '#ops/cloud';
import type { StageOption } from '#ops/io';
import { countScanned, progress } from '#ops/progress';
import type { DrawOptions } from '#ops/draw/lists-draw';
import { drawLog, publishedSeed } from '#ops/draw/draw-log';
import type { CloudTarget } from '#ops/cloud';
import { toBase64 } from '#domain/transparency/encoding';

export interface RecordFiles extends DrawOptions {
  applications: string;
  sends: string;
  allocations: string;
  annulments: string;
  ncd?: string;
  outcomes?: string;
  /** The configured edition, if any. */
  edition?: 'isi2024' | 'isi2012';
}

export async function withRecordFiles<T>(
  options: StageOption & { outcomes?: boolean },
  work: (files: RecordFiles) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sportello-record-'));
  const bar = progress('Lettura del registro', undefined, 'righe lette');
  try {
    const files = await withCloud(options, async (cloud) => {
      countScanned(cloud.clients.dynamo, bar);
      const { applications, sends, config, ncdDecisions, outcomes } = cloud.repositories;
      const [apps, recorded, allocations, edition, frozen, current] = await Promise.all([
        applications.listAll(),
        sends.listAll(),
        config.allocations(),
        config.edition(),
        ncdDecisions.frozen(),
        options.outcomes ? outcomes.currentRows() : [],
      ]);
      const path = (name: string) => join(dir, name);
      const draw = await drawInputs(cloud, path('rules.txt'));
      await Promise.all([
        writeFile(path('applications.csv'), applicationsCsv(apps)),
        writeFile(path('sends.csv'), sendsCsv(recorded)),
        writeFile(path('allocations.csv'), allocationsCsv(allocations)),
        writeFile(path('annulments.csv'), annulmentsCsv(apps)),
      ]);
      const written: RecordFiles = {
        applications: path('applications.csv'),
        sends: path('sends.csv'),
        allocations: path('allocations.csv'),
        annulments: path('annulments.csv'),
        ...(edition ? { edition } : {}),
        ...draw,
      };
      if (frozen.length > 0) {
        const file: FrozenNcdFile = { lists: frozen };
        await writeFile(path('ncd.json'), `${JSON.stringify(file, null, 2)}\n`);
        written.ncd = path('ncd.json');
      }
      if (options.outcomes) {
        if (current.length === 0) {
          throw new BadInput([
            'Nessun esito della verifica documentale è stato caricato: usare prima "outcomes import <file.csv>".',
          ]);
        }
        await writeFile(path('outcomes.csv'), outcomesCsv(current));
        written.outcomes = path('outcomes.csv');
      }
      return written;
    }).finally(() => bar.stop());
    try {
      return await work(files);
    } catch (error) {
      // Problems of the record name a file (`file invii, riga 3, …`); those of --out are passed on as they are.
      // Those of the operator's own outcomes file are passed on as they are too.
      const ofRecord = (p: string) =>
        p.startsWith('file ') && !(options.outcomes === undefined && p.startsWith('file esiti'));
      if (!(error instanceof BadInput && error.problems.some(ofRecord))) throw error;
      throw new BadInput([
        'Il registro non permette di calcolare gli elenchi (righe riferite ai file di "export"):',
        ...error.problems,
      ]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The window draw's inputs from the open log (none for a chronological edition or without a log). */
async function drawInputs(cloud: CloudTarget, rulesPath: string): Promise<DrawOptions> {
  const log = await drawLog(cloud);
  if (!log || log.rules.allocation.mode !== 'window-draw') return {};
  const seed = log.sealedRoot ? await publishedSeed(log) : null;
  if (!log.sealedRoot || seed === null) {
    throw new BadInput([
      `Il bando ${log.rules.edition} assegna per sorteggio nella finestra: gli elenchi si calcolano dopo "log seal" e "draw reveal"${log.sealedRoot ? ' (il seme non è ancora pubblicato)' : ' (il registro non è chiuso)'}.`,
    ]);
  }
  await writeFile(rulesPath, log.rulesEntry);
  return { rules: rulesPath, seed, sealedRoot: toBase64(log.sealedRoot) };
}
