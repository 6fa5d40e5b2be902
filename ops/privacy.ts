/**
 * `privacy purge [--edition E] [--apply] [--dry-run] [--json]` (R21): after the edition's definitive lists, deletes or
 * irreversibly pseudonymises the e-mail addresses, phone numbers and network addresses the deployment keeps (what
 * becomes of each table's items: `domain/accounts/privacy-purge.ts`), and deletes every account of both user pools.
 * 1. refuse unless the lists index holds the edition's definitive lists (nothing changed);
 * 2. read every item of every table and plan it; count the accounts of both pools;
 * 3. only with `--apply` (on `--stage prod` after the typed confirmation): delete, pseudonymise, delete the accounts,
 *    then record the purge as rule evidence (`PRIVACY_PURGE`, counts only).
 * A dry run is the default (the clients refuse every write): it prints the same report with "da" (to do).
 * Idempotent: pseudonyms are never taken for addresses, so a second run finds nothing to do.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { EDITION_IDS, type EditionId } from '#domain/lists/editions';
import { touchesAnything, type PurgeReport } from '#domain/accounts/privacy-purge';
import { action, BadInput, commandGroup } from './cli.ts';
import { type CloudTarget, withCloud } from './cloud.ts';
import { readIndex } from './lists/publish.ts';
import { choiceOption, type JsonOption, type WriteOptions, withJson, writeCommand } from './options.ts';
import { printResult } from './output.ts';
import { describePurge } from './privacy-report.ts';
import { purgeCloud } from './privacy-run.ts';

interface PurgeOptions extends WriteOptions, JsonOption {
  edition?: EditionId;
  apply?: boolean;
}

export function registerPrivacy(program: Command): void {
  writeCommand(
    withJson(
      commandGroup(program, 'privacy', 'Dati personali (R21)')
        .command('purge')
        .description(
          'Dopo gli elenchi definitivi: cancella o pseudonimizza per sempre e-mail, telefoni e indirizzi di rete (senza --apply mostra solo cosa farebbe)',
        )
        .addOption(
          choiceOption('--edition <id>', 'bando (predefinito: quello configurato, altrimenti isi2024)', EDITION_IDS),
        )
        .option('--apply', 'esegue la cancellazione (senza: solo il resoconto, nessuna modifica)'),
    ),
  ).action(action((options: PurgeOptions) => purgePersonalData(options)));
}

export async function purgePersonalData(options: PurgeOptions): Promise<void> {
  if (options.apply && options.dryRun) {
    throw new BadInput(['--apply e --dry-run insieme: scegliere uno dei due. Nessuna modifica effettuata.']);
  }
  const apply = options.apply === true;
  const intent = apply ? { writes: 'cancellare o pseudonimizzare per sempre i dati personali del bando' } : undefined;
  await withCloud(
    { ...options, dryRun: !apply },
    async (cloud) => {
      const edition = await editionOf(cloud, options.edition);
      const publishedAt = await definitiveListsPublished(cloud, edition);
      const report = await purgeCloud(cloud, edition, apply);
      if (apply && touchesAnything(report)) {
        await cloud.repositories.audit.appendEvidence({
          kind: 'PRIVACY_PURGE',
          at: new Date().toISOString(),
          actor: `operator:${userInfo().username}`,
          subject: edition,
          data: { definitiveListsPublishedAt: publishedAt, tables: report.tables, accounts: report.accounts },
        });
      }
      printResult(options, report, (r: PurgeReport) => describePurge(r, cloud.description, publishedAt));
    },
    intent,
  );
}

/** The option, which must be the deployment's configured edition when one is set; else the configured one. */
async function editionOf(cloud: CloudTarget, option: EditionId | undefined): Promise<EditionId> {
  const configured = await cloud.repositories.config.edition();
  if (option && configured && option !== configured) {
    throw new BadInput([
      `Su ${cloud.description} è configurato il bando ${configured}, non ${option}: ogni installazione tiene i dati di un solo bando. Nessuna modifica effettuata.`,
    ]);
  }
  return option ?? configured ?? 'isi2024';
}

/** When the edition's definitive lists were published, from the lists index; bad input when they were not. */
async function definitiveListsPublished(cloud: CloudTarget, edition: EditionId): Promise<string> {
  const index = await readIndex(new ListsBucket(cloud.clients.s3, cloud.listsBucket));
  const definitive = index.lists.filter((l) => l.edition === edition && l.definitive);
  if (definitive.length === 0) {
    throw new BadInput([
      `Gli elenchi definitivi del bando ${edition} non sono pubblicati su ${cloud.description}: i dati personali si cancellano solo dopo (prima "lists build --definitive", poi "lists publish"). Nessuna modifica effettuata.`,
    ]);
  }
  return definitive.map((l) => l.publishedAt).sort()[0] as string;
}
