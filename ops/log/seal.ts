/**
 * `log seal [--dry-run]` (at M6): closes the edition's log for good.
 * 1. refuse before every counter window has closed (M6 of each scope in the rules entry);
 * 2. append every recorded send and every annulment the log still lacks (the record is the truth: after this the
 *    log holds one leaf per record), and check that none conflicts with the record;
 * 3. append the seal entry and sign the sealed checkpoint: from now on every append is refused, and anyone holding
 *    the sealed checkpoint can tell if a larger tree of the same log ever appears.
 */
import type { Command } from 'commander';
import { parseEntry } from '#domain/transparency/entries';
import { LogSealedError } from '#domain/transparency/log';
import { annulmentKey, logAnnulments, logSends, sendKey } from '#domain/transparency/sequencer';
import { action, BadInput, commandGroup, OperationFailed } from '#ops/cli';
import { withCloud } from '#ops/cloud';
import { type WriteOptions, writeCommand } from '#ops/options';
import { cloudLog } from './cloud-log.ts';
import { count } from '#domain/kernel/plural';

type SealOptions = WriteOptions;

export function registerLogSeal(program: Command): void {
  writeCommand(
    commandGroup(program, 'log', 'Registro pubblico degli invii (verificabile)')
      .command('seal')
      .description(
        'Chiude il registro dopo M6: aggiunge gli invii e gli annullamenti mancanti, poi la chiusura (seal)',
      ),
  ).action(action((options: SealOptions) => sealLog(options)));
}

export async function sealLog(options: SealOptions): Promise<void> {
  await withCloud(
    options,
    async (cloud) => {
      const open = await (await cloudLog(cloud, 'sign')).current();
      if (!open) throw new BadInput(['Nessun registro aperto: "log open" prima dello sportello.']);
      const state = await open.log.current();
      if (state?.sealed)
        throw new BadInput([
          `Il registro ${open.pointer.origin} è già chiuso: ${count(state.edge.size, 'voce', 'voci')}.`,
        ]);
      const rules = parseEntry(await open.log.entry(0));
      if (rules.kind !== 'rules') throw new OperationFailed('La voce 0 del registro non è la voce delle regole.');
      const lastClose = rules.counters
        .map((c) => c.closesAt)
        .sort()
        .at(-1)!;
      const now = new Date();
      if (now.toISOString() < lastClose) {
        throw new BadInput([
          `Lo sportello chiude il ${lastClose}: il registro si chiude dopo M6. Nulla è stato scritto.`,
        ]);
      }
      const { applications, sends } = cloud.repositories;
      const [records, apps] = await Promise.all([sends.listAll(), applications.listAll()]);
      const annulments = apps.flatMap((a) => (a.annulment ? [{ token: a.token, ...a.annulment }] : []));
      const known = await open.store.findLeaves([
        ...records.map((r) => sendKey(r.token)),
        ...annulments.map((a) => annulmentKey(a.token)),
      ]);
      const missingSends = records.filter((r) => !known.has(sendKey(r.token)));
      const missingAnnulments = annulments.filter((a) => !known.has(annulmentKey(a.token)));
      if (options.dryRun) {
        process.stdout.write(
          `Da aggiungere prima della chiusura: ${count(missingSends.length, 'invio', 'invii')}, ${count(missingAnnulments.length, 'annullamento', 'annullamenti')} (nulla scritto).\n`,
        );
        return;
      }
      try {
        const outcomes = [
          ...(await logSends(open.log, missingSends)),
          ...(await logAnnulments(open.log, missingAnnulments)),
        ];
        const conflicts = outcomes.filter((o) => o.status === 'conflict');
        if (conflicts.length > 0) {
          throw new OperationFailed(
            `Il registro e l'archivio degli invii differiscono per ${count(conflicts.length, 'voce', 'voci')} (es. ${conflicts[0]!.key}): registro non chiuso.`,
          );
        }
        const sealed = await open.log.seal(now.toISOString());
        process.stdout.write(
          `Registro ${open.pointer.origin} chiuso su ${cloud.description}: ${count(sealed.size, 'voce', 'voci')} (${count(records.length, 'invio', 'invii')}, ${count(annulments.length, 'annullamento', 'annullamenti')}), ${count(missingSends.length + missingAnnulments.length, 'aggiunta', 'aggiunte')} ora.\n${sealed.checkpoint}`,
        );
      } catch (error) {
        if (error instanceof LogSealedError) throw new BadInput([`Il registro è già chiuso: ${error.message}`]);
        throw error;
      }
    },
    { writes: 'chiudere per sempre il registro pubblico (seal)' },
  );
}
