/**
 * What `npx sportello-verify <url-or-folder>` and `ops log verify` do: every log of `log/index.json` audited, an
 * earlier checkpoint and a receipt checked when given, and every published list of each edition recomputed.
 * Pure over {@link PublishedFiles}: no AWS, no network of its own.
 */
import { INDEX_KEY, ListsIndexSchema } from '#domain/lists/publication';
import { toBase64 } from '#domain/transparency/encoding';
import { auditLog, checkConsistency, checkReceipt, type ReceiptLog, type WitnessPolicy } from './log-audit.ts';
import { checkLists, type ListsCheck } from './lists-check.ts';
import { LOG_INDEX_PATH, LogIndexSchema } from './log-index.ts';
import { type PublishedFiles, readText, VerificationError } from './source.ts';
import { count } from '#domain/kernel/plural';

export interface VerifyOptions {
  /** A checkpoint saved earlier (signed note text): the current tree must extend it. */
  earlierCheckpoint?: string;
  /** A receipt as `GET /sportello/receipt` answers it (`receipt` object, with `log`). */
  receipt?: { token: string; arrivalTime: string; receiptId: string; log?: ReceiptLog & { origin?: string } };
  witnesses?: WitnessPolicy;
}

export interface LogReport {
  name: string;
  origin: string;
  size: number;
  root: string;
  sealed: boolean;
  lists: ListsCheck | 'none-published';
}

export interface VerifyReport {
  logs: LogReport[];
  checkedEarlier: boolean;
  checkedReceipt: boolean;
}

async function hasPublishedLists(files: PublishedFiles, edition: string): Promise<boolean> {
  const data = await files.read(INDEX_KEY);
  if (!data) return false;
  const index = ListsIndexSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
  return index.success && index.data.lists.some((l) => l.edition === edition);
}

export async function verifySite(files: PublishedFiles, options: VerifyOptions = {}): Promise<VerifyReport> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(files, LOG_INDEX_PATH));
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    throw new VerificationError(`${LOG_INDEX_PATH}: non è un JSON valido`);
  }
  const index = LogIndexSchema.safeParse(json);
  if (!index.success || index.data.logs.length === 0) {
    throw new VerificationError(`${LOG_INDEX_PATH}: nessun registro elencato`);
  }
  const report: VerifyReport = { logs: [], checkedEarlier: false, checkedReceipt: false };
  for (const entry of index.data.logs) {
    const log = await auditLog(files, entry, options.witnesses);
    if (options.earlierCheckpoint?.startsWith(`${entry.origin}\n`)) {
      await checkConsistency(files, log, options.earlierCheckpoint);
      report.checkedEarlier = true;
    }
    const receiptLog = options.receipt?.log;
    if (options.receipt && receiptLog && receiptLog.checkpoint.startsWith(`${entry.origin}\n`)) {
      await checkReceipt(files, log, { ...options.receipt, log: receiptLog });
      report.checkedReceipt = true;
    }
    const lists = (await hasPublishedLists(files, log.rules.edition)) ? await checkLists(files, log) : 'none-published';
    report.logs.push({
      name: entry.name,
      origin: entry.origin,
      size: log.checkpoint.size,
      root: toBase64(log.checkpoint.root),
      sealed: log.sealed,
      lists,
    });
  }
  if (options.earlierCheckpoint && !report.checkedEarlier) {
    throw new VerificationError('il checkpoint precedente indicato non è di nessun registro elencato');
  }
  if (options.receipt && !report.checkedReceipt) {
    throw new VerificationError('la ricevuta indicata non porta la prova di inclusione di un registro elencato');
  }
  return report;
}

/** The report in Italian, one line per fact. */
export function describeReport(report: VerifyReport): string[] {
  const lines = report.logs.flatMap((l) => [
    `Registro ${l.origin}: firma valida, ${count(l.size, 'voce', 'voci')}, radice ${l.root} ricalcolata da tutti i tile${l.sealed ? ', chiuso (seal)' : ', non ancora chiuso'}.`,
    l.lists === 'none-published'
      ? `  Elenchi del bando ${l.name}: nessuno pubblicato.`
      : `  Elenchi ricalcolati dal registro e identici byte per byte a quelli pubblicati: ${count(l.lists.lists, 'elenco', 'elenchi')}, ${count(l.lists.rows, 'riga', 'righe')}.`,
    ...(l.lists !== 'none-published' && l.lists.drawSeed
      ? [
          `  Sorteggio della finestra iniziale: il seme pubblicato ${l.lists.drawSeed} è quello impegnato prima dello sportello (seed-sha256), l'ordine è ricalcolato con la radice del registro chiuso.`,
        ]
      : []),
    ...(l.lists !== 'none-published' && l.lists.annulledAfterSeal.length > 0
      ? [
          `  ${count(l.lists.annulledAfterSeal.length, 'annullamento deciso', 'annullamenti decisi')} dopo la chiusura del registro (motivo negli elenchi).`,
        ]
      : []),
  ]);
  if (report.checkedEarlier)
    lines.push('Il checkpoint precedente è un prefisso del registro attuale (coerenza verificata).');
  if (report.checkedReceipt) lines.push('La ricevuta è inclusa nel registro (prova di inclusione verificata).');
  return lines;
}
