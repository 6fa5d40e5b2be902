/**
 * `lists ncd freeze` and `lists ncd show` (R22a). The decision is frozen automatically by the scheduled freezer
 * within a minute of an axis's registration close; `freeze` does the same at once (for example right after the
 * close, or where the schedule is not running), and is refused for axes whose registration is still open.
 * `show` prints what is frozen, list by list with the totals that decided it (`--json`: the file `lists compute
 * --ncd` reads), and for the axes not yet frozen when their registration closes.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { dynamoNcdFreezeDeps } from '#adapters/dynamodb/ncd-decisions';
import { formatRome } from '#domain/kernel/instant';
import { AXES } from '#domain/kernel/geography';
import {
  type FreezeReport,
  type FrozenNcdDecision,
  type FrozenNcdFile,
  freezeDueAxes,
  recordFreeze,
} from '#domain/lists/ncd-frozen';
import { formatCents } from '#domain/lists/redistribution/allocation-table';
import { ListsInputError } from '#domain/lists/redistribution/problems';
import { action, BadInput, commandGroup } from '#ops/cli';
import { type CloudTarget, withCloud } from '#ops/cloud';
import type { StageOption } from '#ops/io';
import { readCommand, type WriteOptions, writeCommand } from '#ops/options';
import { count } from '#domain/kernel/plural';

type FreezeOptions = WriteOptions;
interface ShowOptions extends StageOption {
  json?: boolean;
}

export function registerListsNcd(program: Command): void {
  const ncd = commandGroup(program, 'lists', 'Elenchi cronologici (R17–R18)')
    .command('ncd')
    .description('Decisione NCD (R22a) presa alla chiusura delle registrazioni');
  writeCommand(
    ncd.command('freeze').description('Congela ora la decisione NCD degli assi le cui registrazioni sono chiuse'),
  ).action(action((options: FreezeOptions) => freezeNcd(options)));
  readCommand(
    ncd
      .command('show')
      .description(
        'Mostra la decisione NCD congelata, elenco per elenco, con i totali che l’hanno decisa ' +
          '(con --json: il file che legge "lists compute --ncd")',
      ),
  ).action(action((options: ShowOptions) => showNcd(options)));
}

export async function freezeNcd(options: FreezeOptions): Promise<void> {
  const intent = { writes: 'congelare la decisione NCD degli assi le cui registrazioni sono chiuse' };
  await withCloud(
    options,
    async (cloud) => {
      const deps = freezeDeps(cloud);
      const request = { atMs: Date.now(), actor: `operator:${userInfo().username}` };
      let report: FreezeReport;
      try {
        report = await freezeDueAxes(options.dryRun ? { ...deps, freezeAxis: async () => true } : deps, request);
      } catch (error) {
        if (!(error instanceof ListsInputError)) throw error;
        throw new BadInput([...error.problems.map((p) => p.message), 'Nessuna decisione congelata.']);
      }
      if (!options.dryRun) await recordFreeze(cloud.repositories.audit, report);
      const out = (line: string) => process.stdout.write(`${line}\n`);
      for (const axis of AXES) {
        const lists = report.frozen.filter((d) => d.axis === axis);
        const verb = options.dryRun
          ? `${lists.length === 1 ? 'sarebbe congelato' : 'sarebbero congelati'} (prova: nulla è stato scritto)`
          : lists.length === 1
            ? 'congelato'
            : 'congelati';
        if (lists.length > 0)
          out(`Asse ${axis}: ${count(lists.length, 'elenco', 'elenchi')} ${verb}. ${axisLine(lists)}`);
      }
      for (const axis of report.alreadyFrozen) out(`Asse ${axis}: già congelato.`);
      for (const { axis, closesAtMs } of report.notDue) {
        out(
          closesAtMs === null
            ? `Asse ${axis}: non congelato, manca il calendario di almeno un elenco.`
            : `Asse ${axis}: non congelato, le registrazioni chiudono il ${formatRome(closesAtMs)} (ora italiana).`,
        );
      }
      if (report.frozen.length === 0 && report.notDue.length > 0 && report.alreadyFrozen.length === 0) {
        throw new BadInput(['Nessun asse ha le registrazioni chiuse: nessuna decisione congelata.']);
      }
    },
    intent,
  );
}

export async function showNcd(options: ShowOptions): Promise<void> {
  await withCloud(options, async (cloud) => {
    const deps = freezeDeps(cloud);
    const decisions = await deps.frozen();
    if (options.json) {
      const file: FrozenNcdFile = { lists: decisions };
      process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
      return;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (decisions.length === 0) {
      out(`Nessuna decisione NCD congelata su ${cloud.description}: vale la regola R17c sugli importi caricati.`);
    }
    for (const axis of AXES) {
      const lists = decisions.filter((d) => d.axis === axis);
      const first = lists[0];
      if (!first) continue;
      out(`Asse ${axis}, congelato il ${first.frozenAt} da ${first.frozenBy}. ${axisLine(lists)}`);
      for (const d of lists) {
        out(
          `  ${d.region}: ${d.ncd ? 'NCD' : 'click day'} (${RULE_WORDS[d.rule]}); richiesti ${formatCents(d.listRequestedCents)} € da ${count(d.applicationCount, 'domanda', 'domande')}, stanziati ${formatCents(d.listAllocationCents)} €`,
        );
      }
    }
  });
}

const RULE_WORDS: Record<FrozenNcdDecision['rule'], string> = {
  national: 'lo stanziamento nazionale dell’asse copre le richieste',
  list: 'lo stanziamento dell’elenco copre le richieste',
  none: 'le richieste superano lo stanziamento',
};

function axisLine(lists: readonly FrozenNcdDecision[]): string {
  const first = lists[0] as FrozenNcdDecision;
  const ncd = lists.filter((d) => d.ncd).length;
  return `Totale nazionale: richiesti ${formatCents(first.axisRequestedCents)} €, stanziati ${formatCents(first.axisAllocationCents)} €; elenchi NCD: ${ncd} su ${lists.length}.`;
}

function freezeDeps(cloud: CloudTarget) {
  return dynamoNcdFreezeDeps(cloud.clients.documents, cloud.tables);
}
