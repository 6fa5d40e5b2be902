/**
 * `export sends <file.csv>` and `export annulments <file.csv>` (CONTRACT "File formats"): the record as the CSV
 * files `lists compute` reads. Added: `export applications` and `export allocations`, so that the four inputs of
 * `lists compute` can all be taken from the cloud. Each file is written whole or not at all; `--dry-run` reads and
 * counts, and writes nothing.
 */
import type { Command } from 'commander';
import { allocationsCsv, annulmentsCsv, applicationsCsv, sendsCsv } from '#domain/lists/export-files';
import { action, commandGroup } from './cli.ts';
import { type CloudTarget, withCloud } from './cloud.ts';
import { withStage, writeFileAtomically } from './io.ts';
import { type DryRunOption, fileCommand } from './options.ts';
import { dryRunLine } from './output.ts';
import { countScanned, progress } from './progress.ts';
import type { StageOption } from './io.ts';
import { count, plural } from '#domain/kernel/plural';

type Exporter = (cloud: CloudTarget) => Promise<{ csv: string; rows: number }>;

const EXPORTS: Record<string, { description: string; run: Exporter }> = {
  sends: {
    description: 'I primi invii registrati: token,arrival_at',
    run: async (cloud) => {
      const sends = await cloud.repositories.sends.listAll();
      return { csv: sendsCsv(sends), rows: sends.length };
    },
  },
  annulments: {
    description: 'Le domande annullate: token,reason,annulled_at',
    run: async (cloud) => {
      const annulled = (await cloud.repositories.applications.listAll()).filter((a) => a.annulment);
      return { csv: annulmentsCsv(annulled), rows: annulled.length };
    },
  },
  applications: {
    description: 'Le domande caricate, nel formato di "import applications"',
    run: async (cloud) => {
      const applications = await cloud.repositories.applications.listAll();
      return { csv: applicationsCsv(applications), rows: applications.length };
    },
  },
  allocations: {
    description: 'Gli stanziamenti, nel formato di "import allocations"',
    run: async (cloud) => {
      const allocations = await cloud.repositories.config.allocations();
      return { csv: allocationsCsv(allocations), rows: allocations.length };
    },
  },
};

export function registerExport(program: Command): void {
  const group = commandGroup(program, 'export', 'Esportazione del registro in CSV');
  for (const [name, { description, run }] of Object.entries(EXPORTS)) {
    fileCommand(withStage(group.command(`${name} <file>`).description(description))).action(
      action(async (file: string, options: StageOption & DryRunOption) => {
        const bar = progress(`Lettura del registro (${name})`, undefined, 'righe lette');
        const { csv, rows } = await withCloud(options, (cloud) => {
          countScanned(cloud.clients.dynamo, bar);
          return run(cloud);
        }).finally(() => bar.stop());
        if (options.dryRun) {
          process.stdout.write(`${dryRunLine(`esporterebbe ${count(rows, 'riga', 'righe')} in ${file}`)}\n`);
          return;
        }
        await writeFileAtomically(file, csv);
        process.stdout.write(`${plural(rows, 'Esportata', 'Esportate')} ${count(rows, 'riga', 'righe')} in ${file}.\n`);
      }),
    );
  }
}
