/**
 * `import applications <csv>` and `import allocations <csv>` (CONTRACT "Operator CLI"). All or nothing:
 * 1. parse the whole file, listing every bad row with its line (header = line 1);
 * 2. applications only: a row whose token is already bound to a participant or already sent is a bad row too;
 * 3. only a file with no bad row is written (applications in chunks, with a progress bar on a terminal);
 *    `--dry-run` stops before the write and says what it would have loaded.
 */
import type { Command } from 'commander';
import { TOTAL_TTL_MS } from '#adapters/dynamodb/list-totals';
import type { ApplicationData } from '#domain/kernel/application';
import {
  type Application as ApplicationRecord,
  type InputProblem,
  parseAllocations,
  parseApplications,
} from '#domain/lists/records';
import { action, commandGroup } from './cli.ts';
import { withCloud } from './cloud.ts';
import { readCsvFile, rowsRefused } from './io.ts';
import { type WriteOptions, writeCommand } from './options.ts';
import { dryRunLine } from './output.ts';
import { progress } from './progress.ts';
import { count, plural } from '#domain/kernel/plural';

/** Below this many rows a progress bar would only flash. */
const PROGRESS_FROM_ROWS = 2_000;
const CHUNK = 250;
const CHUNKS_IN_FLIGHT = 4;
/** DynamoDB global secondary indexes are eventually consistent, typically within a second. */
const INDEX_LAG_MS = 1_000;

export function registerImport(program: Command): void {
  const group = commandGroup(program, 'import', 'Caricamento di domande e stanziamenti da CSV');
  writeCommand(
    group.command('applications <file>').description('Carica le domande (tutto o niente: ogni riga errata è elencata)'),
  ).action(action((file: string, options: WriteOptions) => importApplications(file, options)));
  writeCommand(
    group
      .command('allocations <file>')
      .description('Carica gli stanziamenti per regione e asse (sostituisce i precedenti)'),
  ).action(action((file: string, options: WriteOptions) => importAllocations(file, options)));
}

export async function importApplications(file: string, options: WriteOptions): Promise<void> {
  const records = await readCsvFile(file, 'applications', parseApplications);
  const intent = { writes: `caricare ${count(records.length, 'domanda', 'domande')} da ${file}` };
  await withCloud(
    options,
    async (cloud) => {
      const store = cloud.repositories.applications;
      const existing = new Map((await store.listAll()).map((a) => [a.token, a]));
      const problems: InputProblem[] = [];
      for (const record of records) {
        const found = existing.get(record.token);
        if (found?.sentAt) {
          problems.push({
            file: 'applications',
            line: record.line,
            column: 'token',
            message: `la domanda ${record.token} è già stata inviata il ${found.sentAt}: non può essere ricaricata`,
          });
        } else if (found?.participant) {
          problems.push({
            file: 'applications',
            line: record.line,
            column: 'token',
            message: `la domanda ${record.token} è già associata a un partecipante registrato: non può essere ricaricata`,
          });
        }
      }
      if (problems.length > 0) throw rowsRefused(problems);
      const updated = records.filter((r) => existing.has(r.token)).length;
      const summary = `${count(records.length, 'domanda', 'domande')} (${count(records.length - updated, 'nuova', 'nuove')}, ${count(updated, 'aggiornata', 'aggiornate')}) su ${cloud.description}`;
      if (options.dryRun) {
        process.stdout.write(`${dryRunLine(`caricherebbe ${summary}`)}\n`);
        return;
      }

      const bar = progress('Caricamento domande', records.length, 'domande', PROGRESS_FROM_ROWS);
      const refused: string[] = [];
      let done = 0;
      try {
        // A few chunks in flight (each writes 16 rows at a time): fast on DynamoDB without a burst it would throttle.
        await forEachChunk(records, CHUNK, CHUNKS_IN_FLIGHT, async (chunk) => {
          refused.push(...(await store.importMany(chunk.map(applicationData))).refused);
          done += chunk.length;
          bar.update(done);
        });
      } finally {
        bar.stop();
      }
      if (refused.length > 0) {
        // A participant registered between the check and the write: the rest of the file is in, these are not.
        throw new Error(
          `${count(refused.length, 'domanda è stata associata', 'domande sono state associate')} a un partecipante durante il caricamento e ${plural(refused.length, 'non è stata aggiornata', 'non sono state aggiornate')}: ${refused.join(', ')}`,
        );
      }
      // The counter remembers each list's total for TOTAL_TTL_MS (R17c NCD decisions) and reads it from an index that
      // lags its table by up to a second: the command returns only once every new request sees the imported amounts.
      await new Promise((resolve) => setTimeout(resolve, TOTAL_TTL_MS + INDEX_LAG_MS));
      process.stdout.write(`${plural(records.length, 'Caricata', 'Caricate')} ${summary}.\n`);
    },
    intent,
  );
}

export async function importAllocations(file: string, options: WriteOptions): Promise<void> {
  const records = await readCsvFile(file, 'allocations', parseAllocations);
  const intent = { writes: `sostituire tutti gli stanziamenti con i ${records.length} di ${file}` };
  await withCloud(
    options,
    async (cloud) => {
      if (options.dryRun) {
        const before = await cloud.repositories.config.allocations();
        process.stdout.write(
          `${dryRunLine(`sostituirebbe ${count(before.length, 'stanziamento', 'stanziamenti')} con ${records.length} su ${cloud.description}`)}\n`,
        );
        return;
      }
      await cloud.repositories.config.replaceAllocations(
        records.map(({ region, axis, allocationCents }) => ({ region, axis, allocationCents })),
      );
      process.stdout.write(
        `${plural(records.length, 'Caricato', 'Caricati')} ${count(records.length, 'stanziamento', 'stanziamenti')} su ${cloud.description}.\n`,
      );
    },
    intent,
  );
}

function applicationData(record: ApplicationRecord): ApplicationData {
  return {
    token: record.token,
    companyName: record.companyName,
    pec: record.pec,
    region: record.region,
    axis: record.axis,
    requestedCents: record.requestedCents,
    projectCents: record.projectCents,
    registeredAt: record.registeredAt,
    cciaaDate: record.cciaaDate,
    legalityRating: record.legalityRating,
    workers: record.workers,
  };
}

async function forEachChunk<T>(
  items: readonly T[],
  size: number,
  inFlight: number,
  work: (chunk: T[]) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += size;
      await work(items.slice(start, start + size));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
