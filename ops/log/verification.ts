/**
 * What `sportello-verify` and `ops log verify` share: read the optional earlier checkpoint and receipt files, run the
 * verification over the published files, print the report. A failed check is bad input (exit 1) with the precise
 * message; a file that cannot be read is a failure (exit 2).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { describeReport, type VerifyOptions, verifySite } from '#domain/transparency/verify/site';
import { type PublishedFiles, VerificationError } from '#domain/transparency/verify/source';
import { BadInput, OperationFailed } from '#ops/cli';

export interface VerificationFlags {
  since?: string;
  receipt?: string;
  witness?: string[];
  quorum?: string;
}

export function withVerificationFlags(command: Command): Command {
  return command
    .option('--since <file>', 'un checkpoint salvato prima: il registro attuale deve estenderlo')
    .option(
      '--receipt <file>',
      'una ricevuta (JSON di GET /api/sportello/receipt): verifica la sua prova di inclusione',
    )
    .option('--witness <vkey...>', 'chiavi dei testimoni (tlog-cosignature)')
    .option('--quorum <n>', 'quanti testimoni devono aver cofirmato il checkpoint', '0');
}

async function readOption(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new BadInput([`${what}: file non leggibile ${path}`]);
  }
}

export async function verifyAndReport(files: PublishedFiles, flags: VerificationFlags): Promise<void> {
  const options: VerifyOptions = {};
  if (flags.since) options.earlierCheckpoint = await readOption(flags.since, '--since');
  if (flags.receipt) {
    let json: { receipt?: VerifyOptions['receipt'] };
    try {
      json = JSON.parse(await readOption(flags.receipt, '--receipt')) as typeof json;
    } catch (error) {
      if (error instanceof BadInput) throw error;
      throw new BadInput([`--receipt: ${flags.receipt} non è un JSON valido`]);
    }
    if (!json.receipt) throw new BadInput(['--receipt: il file non contiene una ricevuta ({"receipt":{…}})']);
    options.receipt = json.receipt;
  }
  const quorum = Number(flags.quorum ?? '0');
  if (!Number.isInteger(quorum) || quorum < 0) throw new BadInput(['--quorum: un numero intero ≥ 0']);
  if (quorum > 0) options.witnesses = { witnesses: flags.witness ?? [], quorum };
  try {
    const report = await verifySite(files, options);
    process.stdout.write(
      `Verifica di ${files.description}\n${describeReport(report).join('\n')}\nEsito: tutto verificato.\n`,
    );
  } catch (error) {
    if (error instanceof VerificationError) throw new BadInput([`Verifica NON superata: ${error.message}`]);
    throw new OperationFailed(`Verifica interrotta: ${error instanceof Error ? error.message : String(error)}`);
  }
}
