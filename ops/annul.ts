/**
 * `annul <token> --reason <text>` (R19): the application leaves the lists (it is printed last, `ANNULLATA`, with the
 * reason), its token can no longer send, and the annulment is recorded as rule evidence in the audit trail (R20).
 * 1. check the token and the reason; 2. annul once (a second annulment is refused, the first reason stands);
 * 3. append the evidence; 4. append the annulment to the edition's log when one is open and not yet sealed (if this
 *    step fails, `log seal` appends it later from the record). `--dry-run` checks the token against the record and
 *    stops before 2.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { parseToken } from '#domain/kernel/token';
import { action, BadInput } from './cli.ts';
import { withCloud } from './cloud.ts';
import { type WriteOptions, writeCommand } from './options.ts';
import { dryRunLine } from './output.ts';
import { cloudLog } from './log/cloud-log.ts';
import { logAnnulments } from '#domain/transparency/sequencer';
import type { CloudTarget } from './cloud.ts';

const REASON_MAX = 1000;

interface AnnulOptions extends WriteOptions {
  reason?: string;
}

export function registerAnnul(program: Command): void {
  writeCommand(
    program
      .command('annul <token>')
      .description('Annulla una domanda (R19): esce dagli elenchi con il motivo indicato')
      .requiredOption('--reason <testo>', 'motivo dell’annullamento (registrato e pubblicato)'),
  ).action(action((token: string, options: AnnulOptions) => annul(token, options)));
}

export async function annul(input: string, options: AnnulOptions): Promise<void> {
  const token = parseToken(input);
  const reason = (options.reason ?? '').trim();
  const problems: string[] = [];
  if (!token.ok) problems.push(token.message);
  if (reason.length === 0) problems.push('Indicare il motivo dell’annullamento con --reason.');
  if (reason.length > REASON_MAX) problems.push(`Il motivo è troppo lungo: al massimo ${REASON_MAX} caratteri.`);
  if (!token.ok || problems.length > 0) throw new BadInput([...problems, 'Nessuna domanda annullata.']);

  const intent = { writes: `annullare la domanda ${token.token}` };
  await withCloud(
    options,
    async (cloud) => {
      const at = new Date().toISOString();
      const outcome = options.dryRun
        ? await wouldAnnul(cloud.repositories.applications, token.token)
        : await cloud.repositories.applications.annul(token.token, reason, at);
      if (outcome === 'unknown') throw new BadInput([`Nessuna domanda con il codice ${token.token}.`]);
      if (outcome === 'already-annulled') {
        const existing = await cloud.repositories.applications.get(token.token);
        throw new BadInput([
          `La domanda ${token.token} è già stata annullata il ${existing?.annulment?.annulledAt} (motivo: ${existing?.annulment?.reason}).`,
        ]);
      }
      if (options.dryRun) {
        process.stdout.write(`${dryRunLine(`annullerebbe la domanda ${token.token} su ${cloud.description}`)}\n`);
        return;
      }
      const send = await cloud.repositories.sends.get(token.token);
      await cloud.repositories.audit.appendEvidence({
        kind: 'ANNULMENT',
        at,
        actor: `operator:${userInfo().username}`,
        subject: token.token,
        data: { reason, sent: send !== undefined, ...(send ? { arrivalTime: send.arrivalTime } : {}) },
      });
      process.stdout.write(`Domanda ${token.token} annullata il ${at} su ${cloud.description}. Motivo: ${reason}\n`);
      await logAnnulment(cloud, { token: token.token, reason, annulledAt: at });
    },
    intent,
  );
}

/** What `annul` would answer, read only. */
async function wouldAnnul(
  applications: { get(token: string): Promise<{ annulment?: unknown } | undefined> },
  token: string,
): Promise<'unknown' | 'already-annulled' | 'annulled'> {
  const found = await applications.get(token);
  if (!found) return 'unknown';
  return found.annulment ? 'already-annulled' : 'annulled';
}

async function logAnnulment(cloud: CloudTarget, annulment: { token: string; reason: string; annulledAt: string }) {
  const open = await (await cloudLog(cloud, 'sign')).current();
  if (!open) return;
  if ((await open.log.current())?.sealed) {
    process.stdout.write(
      'Il registro pubblico è già chiuso: l’annullamento è pubblicato con gli elenchi, con il motivo.\n',
    );
    return;
  }
  const [outcome] = await logAnnulments(open.log, [annulment]);
  process.stdout.write(
    `Annullamento registrato nel registro pubblico ${open.pointer.origin}, voce ${outcome?.index}.\n`,
  );
}
