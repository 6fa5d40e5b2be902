/**
 * `log open [--edition] [--resolution ms|s] [--allocation chronological|window-draw --window <s> --seed-file <path>]
 * [--site-url <url>] [--dry-run]`: opens the edition's transparency log before the counter opens.
 * 1. refuse once any counter window has opened or a send is recorded (the rules must be fixed before M5);
 * 2. publish the public tables (applications without PEC, allocations) beside the log;
 * 3. append the rules entry (entry 0), which commits to their SHA-256, and sign the first checkpoint;
 * 4. list the log in `/log/index.json` and point the product at it: from the next batch the consumer appends sends.
 * Running it again with the same configuration changes nothing; with another, it is refused.
 * With `--allocation window-draw` the rules commit to SHA-256 of the draw seed in `--seed-file`: read when the file
 * exists, else a new random seed written there (owner-only) before the log is opened (`#ops/draw/seed-file`).
 */
import type { Command } from 'commander';
import { LogIndexFile, LogFiles } from '#adapters/s3/log-files';
import { DynamoLogPointer } from '#adapters/dynamodb/log-pointer';
import { logKey } from '#adapters/signing/log-key';
import { allocationsCsv } from '#domain/lists/export-files';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { RESOLUTIONS, type Resolution } from '#domain/lists/ranking';
import { EntryError, formatEntry, type RulesEntry } from '#domain/transparency/entries';
import { TransparencyLog } from '#domain/transparency/log';
import { DynamoLogStore } from '#adapters/dynamodb/log-store';
import {
  PUBLIC_ALLOCATIONS_FILE,
  PUBLIC_APPLICATIONS_FILE,
  publicApplicationsCsv,
} from '#domain/transparency/public-tables';
import { logOrigin, RulesError, rulesEntry } from '#domain/transparency/rules';
import { LogIndexSchema, withLog } from '#domain/transparency/verify/log-index';
import { action, BadInput, choice, commandGroup } from '#ops/cli';
import { type CloudTarget, withCloud } from '#ops/cloud';
import { choiceOption, type WriteOptions, writeCommand } from '#ops/options';
import { newSeed, readSeedFile, writeSeedFile } from '#ops/draw/seed-file';
import type { Allocation } from '#domain/transparency/entries';
import { seedCommitment } from '#domain/transparency/draw';
import { fromHex } from '#domain/transparency/encoding';
import { logKeySecret } from './cloud-log.ts';

const ALLOCATIONS = ['chronological', 'window-draw'] as const;
type AllocationMode = (typeof ALLOCATIONS)[number];

interface OpenOptions extends WriteOptions {
  edition?: string;
  resolution: string;
  allocation: string;
  window?: string;
  seedFile?: string;
  siteUrl?: string;
}

/** The draw seed of `--seed-file`: the file's, or a new one to write there once the log can be opened. */
interface DrawSeed {
  seed: Uint8Array;
  path: string;
  isNew: boolean;
}

export function registerLogOpen(program: Command): void {
  writeCommand(
    commandGroup(program, 'log', 'Registro pubblico degli invii (verificabile)')
      .command('open')
      .description('Apre il registro del bando prima dello sportello: pubblica le tabelle e la voce delle regole')
      .addOption(choiceOption('--edition <id>', 'bando (predefinito: quello configurato)', EDITION_IDS))
      .addOption(
        choiceOption('--resolution <ms|s>', 'risoluzione degli orari di arrivo negli elenchi', RESOLUTIONS, 'ms'),
      )
      .addOption(
        choiceOption(
          '--allocation <mode>',
          'assegnazione: ordine cronologico o sorteggio nella finestra',
          ALLOCATIONS,
          'chronological',
        ),
      )
      .option('--window <seconds>', 'con window-draw: la finestra W in secondi da M5 (1…86400)')
      .option('--seed-file <path>', 'con window-draw: file del seme (creato con un seme casuale se non esiste)')
      .option('--site-url <url>', 'indirizzo pubblico del sito (obbligatorio con --stage)'),
  ).action(action((options: OpenOptions) => openLog(options)));
}

export async function openLog(options: OpenOptions): Promise<void> {
  if (options.edition !== undefined) choice<EditionId>(options.edition, EDITION_IDS, '--edition');
  const resolution = choice<Resolution>(options.resolution, RESOLUTIONS, '--resolution');
  const mode = choice<AllocationMode>(options.allocation, ALLOCATIONS, '--allocation');
  const windowSeconds = drawWindow(mode, options);
  const drawSeed = await seedOf(mode, options);
  const allocation: Allocation =
    drawSeed && windowSeconds !== undefined
      ? { mode: 'window-draw', windowSeconds, seedSha256: seedCommitment(drawSeed.seed) }
      : { mode: 'chronological' };
  await withCloud(
    options,
    async (cloud) => {
      const siteUrl = options.siteUrl ?? cloud.siteUrl;
      if (!siteUrl)
        throw new BadInput([
          'Indicare --site-url: l’indirizzo pubblico del sito, da cui dipende il nome del registro.',
        ]);
      const { config, applications, sends } = cloud.repositories;
      const [apps, allocations, timetables, configured, recorded] = await Promise.all([
        applications.listAll(),
        config.allocations(),
        config.timetables(),
        config.edition(),
        sends.listAll(),
      ]);
      const edition = (options.edition ?? configured ?? 'isi2024') as EditionId;
      const firstOpening = Math.min(...[...timetables.values()].map((t) => t.moments.m5));
      const problems: string[] = [];
      if (timetables.size === 0)
        problems.push('Nessuna tabella temporale: impostarla con "timetable set" prima di aprire il registro.');
      if (Date.now() >= firstOpening)
        problems.push(
          `Lo sportello è già aperto dal ${new Date(firstOpening).toISOString()}: le regole si fissano prima di M5.`,
        );
      if (recorded.length > 0)
        problems.push(
          `${recorded.length === 1 ? 'È già registrato 1 invio' : `Sono già registrati ${recorded.length} invii`}: il registro si apre prima dello sportello.`,
        );
      if (apps.length === 0) problems.push('Nessuna domanda caricata: importarle prima di aprire il registro.');
      const origin = logOrigin(siteUrl, edition);
      const url = `${new URL(siteUrl).origin}${new URL(siteUrl).pathname.replace(/\/+$/, '')}/log/${edition}/`;
      const applicationsTable = publicApplicationsCsv(apps);
      const allocationsTable = allocationsCsv(allocations);
      let rules: RulesEntry | undefined;
      try {
        rules = rulesEntry({
          origin,
          edition,
          resolution,
          allocation,
          timetables,
          applicationsTable,
          allocationsTable,
        });
      } catch (error) {
        if (error instanceof RulesError || error instanceof EntryError)
          problems.push(`Regole non valide: ${error.message}`);
        else throw error;
      }
      if (problems.length > 0 || !rules) throw new BadInput([...problems, 'Registro non aperto.']);
      if (options.dryRun) {
        process.stdout.write(formatEntry(rules));
        if (drawSeed?.isNew) process.stdout.write(`(--dry-run: nuovo seme non salvato in ${drawSeed.path})\n`);
        return;
      }
      // The seed is kept before anything commits to it: a commitment without its seed could never be revealed.
      if (drawSeed?.isNew) await writeSeedFile(drawSeed.path, drawSeed.seed);
      await writeLog(cloud, { edition, origin, url, rules, applicationsTable, allocationsTable });
      if (drawSeed && allocation.mode === 'window-draw') {
        process.stdout.write(
          `Sorteggio nella finestra di ${allocation.windowSeconds} s da M5: impegno seed-sha256 ${allocation.seedSha256}. Il seme è in ${drawSeed.path}${drawSeed.isNew ? ' (creato ora)' : ''}: custodirlo, senza divulgarlo, fino a "draw reveal" dopo la chiusura.\n`,
        );
      }
    },
    { writes: 'aprire il registro pubblico del bando e pubblicarne le tabelle' },
  );
}

async function writeLog(
  cloud: CloudTarget,
  opened: {
    edition: string;
    origin: string;
    url: string;
    rules: RulesEntry;
    applicationsTable: string;
    allocationsTable: string;
  },
): Promise<void> {
  const files = new LogFiles(cloud.clients.s3, cloud.listsBucket, opened.edition);
  const key = logKey(await logKeySecret(cloud), opened.origin);
  const store = new DynamoLogStore(cloud.clients.documents, cloud.tables.config, files);
  const log = new TransparencyLog(store, { origin: opened.origin, signer: key.signer });
  await files.putTable(PUBLIC_APPLICATIONS_FILE, opened.applicationsTable);
  await files.putTable(PUBLIC_ALLOCATIONS_FILE, opened.allocationsTable);
  const result = await log.append([opened.rules]);
  if (result.outcomes[0]?.status === 'conflict') {
    throw new BadInput([
      `Il registro ${opened.origin} è già aperto con regole diverse (tabelle o orari cambiati dopo l'apertura): nulla è stato cambiato.`,
    ]);
  }
  const indexFile = new LogIndexFile(cloud.clients.s3, cloud.listsBucket);
  const previous = await indexFile.read();
  const index = previous ? LogIndexSchema.parse(JSON.parse(previous)) : { logs: [] };
  const entry = { name: opened.edition, origin: opened.origin, vkey: key.vkey, url: opened.url };
  await indexFile.write(`${JSON.stringify(withLog(index, entry), null, 2)}\n`);
  await new DynamoLogPointer(cloud.clients.documents, cloud.tables.config).set({
    name: opened.edition,
    origin: opened.origin,
    url: opened.url,
    openedAt: new Date().toISOString(),
  });
  process.stdout.write(
    `Registro ${opened.origin} aperto su ${cloud.description}: ${result.size} voce (regole), chiave ${key.vkey}\n`,
  );
}

/** `--window` for window-draw (required there, refused otherwise). */
function drawWindow(mode: AllocationMode, options: OpenOptions): number | undefined {
  if (mode === 'chronological') {
    if (options.window !== undefined || options.seedFile !== undefined) {
      throw new BadInput(['--window e --seed-file valgono solo con --allocation window-draw.']);
    }
    return undefined;
  }
  const seconds = Number(options.window);
  if (options.window === undefined || !/^[1-9][0-9]*$/.test(options.window) || seconds > 86_400) {
    throw new BadInput([
      'Con --allocation window-draw indicare --window <secondi>: la finestra da M5 in cui gli invii sono sorteggiati, da 1 a 86400.',
    ]);
  }
  return seconds;
}

async function seedOf(mode: AllocationMode, options: OpenOptions): Promise<DrawSeed | undefined> {
  if (mode === 'chronological') return undefined;
  if (options.seedFile === undefined) {
    throw new BadInput([
      'Con --allocation window-draw indicare --seed-file <path>: il file del seme (se non esiste, viene creato con un seme casuale da custodire fino a "draw reveal").',
    ]);
  }
  const hex = await readSeedFile(options.seedFile);
  return hex === null
    ? { seed: newSeed(), path: options.seedFile, isNew: true }
    : { seed: fromHex(hex)!, path: options.seedFile, isNew: false };
}
