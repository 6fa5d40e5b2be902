/**
 * Audits one published log: its signed checkpoint, every tile and entry bundle of that size, every entry's exact
 * text and the log's rules (docs/transparency-format.md §7, steps 1–6). Every failure names the file and what does
 * not match, in Italian.
 */
import { type Checkpoint, openCheckpoint } from '#domain/transparency/checkpoint';
import { verifyCosignedCheckpoint } from '#domain/transparency/cosignature';
import { fromBase64 } from '#domain/transparency/encoding';
import { encodeEntry, entryKey, type LogEntry, parseEntry, type RulesEntry } from '#domain/transparency/entries';
import {
  bytesEqual,
  leafHash,
  proveConsistency,
  verifyConsistency,
  verifyInclusion,
} from '#domain/transparency/merkle';
import { noteVerifier } from '#domain/transparency/note';
import { sendEntry } from '#domain/transparency/sequencer';
import { auditTiles, tileHashReader } from '#domain/transparency/tiles';
import type { LogIndexEntry } from './log-index.ts';
import { logPrefix, type PublishedFiles, readRequired, VerificationError } from './source.ts';
import { count } from '#domain/kernel/plural';

export interface AuditedLog {
  readonly entry: LogIndexEntry;
  readonly prefix: string;
  readonly checkpoint: Checkpoint;
  readonly signedCheckpoint: string;
  readonly entries: readonly LogEntry[];
  readonly rules: RulesEntry;
  readonly sealed: boolean;
}

export interface WitnessPolicy {
  readonly witnesses: readonly string[];
  readonly quorum: number;
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Opens a signed checkpoint of this log (and demands the witnesses' quorum, when asked). */
export function openLogCheckpoint(entry: LogIndexEntry, signed: string, witnesses?: WitnessPolicy): Checkpoint {
  try {
    const log = noteVerifier(entry.vkey);
    if (log.name !== entry.origin) throw new Error(`la chiave è di ${log.name}, il registro è ${entry.origin}`);
    if (witnesses && witnesses.quorum > 0) {
      return verifyCosignedCheckpoint(signed, { log, origin: entry.origin, ...witnesses }).checkpoint;
    }
    return openCheckpoint(signed, { log, origin: entry.origin }).checkpoint;
  } catch (error) {
    throw new VerificationError(`${logPrefix(entry.url)}checkpoint: firma o testo non validi (${why(error)})`);
  }
}

/** The log rules: rules first and only there, one entry per key, the seal last and counting the entries before it. */
function checkRules(
  prefix: string,
  origin: string,
  entries: readonly LogEntry[],
): { rules: RulesEntry; sealed: boolean } {
  const first = entries[0];
  if (first?.kind !== 'rules') throw new VerificationError(`${prefix}: la voce 0 non è la voce delle regole`);
  if (first.origin !== origin) {
    throw new VerificationError(`${prefix}: la voce 0 nomina il registro ${first.origin}, non ${origin}`);
  }
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const key = entryKey(entry);
    const before = seen.get(key);
    if (before !== undefined) throw new VerificationError(`${prefix}: la voce ${i} ripete la voce ${before} (${key})`);
    seen.set(key, i);
    if (entry.kind === 'seal' && (entry.entries !== i || i !== entries.length - 1)) {
      throw new VerificationError(`${prefix}: la chiusura (seal) alla voce ${i} non è l'ultima voce del registro`);
    }
  });
  return { rules: first, sealed: entries[entries.length - 1]?.kind === 'seal' };
}

/**
 * 1. open the checkpoint with the published key; 2. fetch and rehash every bundle and tile up to the root; 3. parse
 * every entry strictly; 4. check the log rules.
 */
export async function auditLog(
  files: PublishedFiles,
  entry: LogIndexEntry,
  witnesses?: WitnessPolicy,
): Promise<AuditedLog> {
  const prefix = logPrefix(entry.url);
  const signed = new TextDecoder().decode(await readRequired(files, `${prefix}checkpoint`));
  const checkpoint = openLogCheckpoint(entry, signed, witnesses);
  let raw: Uint8Array[];
  try {
    raw = await auditTiles(checkpoint.size, checkpoint.root, (p) => files.read(`${prefix}${p}`));
  } catch (error) {
    throw new VerificationError(`${prefix}${why(error)}`);
  }
  const entries = raw.map((bytes, i) => {
    try {
      return parseEntry(bytes);
    } catch (error) {
      throw new VerificationError(`${prefix}: la voce ${i} non è nel formato canonico (${why(error)})`);
    }
  });
  const { rules, sealed } = checkRules(prefix, entry.origin, entries);
  return { entry, prefix, checkpoint, signedCheckpoint: signed, entries, rules, sealed };
}

/** An earlier checkpoint of the same log must be a prefix of the audited tree (consistency proof from the tiles). */
export async function checkConsistency(files: PublishedFiles, log: AuditedLog, earlierSigned: string): Promise<void> {
  const earlier = openLogCheckpoint(log.entry, earlierSigned);
  const size = log.checkpoint.size;
  if (earlier.size > size) {
    throw new VerificationError(
      `${log.prefix}checkpoint: ha ${count(size, 'voce', 'voci')}, meno delle ${earlier.size} del checkpoint precedente (il registro è tornato indietro)`,
    );
  }
  if (log.sealed && earlier.size === size && !bytesEqual(earlier.root, log.checkpoint.root)) {
    throw new VerificationError(`${log.prefix}checkpoint: radice diversa a parità di dimensione`);
  }
  const read = tileHashReader(size, (p) => files.read(`${log.prefix}${p}`));
  const proof = await proveConsistency(earlier.size, size, read);
  if (!verifyConsistency(earlier.size, size, proof, earlier.root, log.checkpoint.root)) {
    throw new VerificationError(
      `${log.prefix}checkpoint: il checkpoint di ${count(earlier.size, 'voce', 'voci')} non è un prefisso di quello attuale di ${count(size, 'voce', 'voci')}`,
    );
  }
}

/** What a receipt carries about the log (`GET /sportello/receipt` → `receipt.log`). */
export interface ReceiptLog {
  leafIndex: number;
  treeSize: number;
  checkpoint: string;
  inclusionProof: string[];
}

/**
 * A receipt's send is in the log: its entry (rebuilt from the receipt's own fields) is the leaf at `leafIndex`, the
 * proof leads to the root of the receipt's checkpoint, and that checkpoint is a prefix of the audited tree.
 */
export async function checkReceipt(
  files: PublishedFiles,
  log: AuditedLog,
  receipt: { token: string; arrivalTime: string; receiptId: string; log: ReceiptLog },
): Promise<void> {
  const entryBytes = encodeEntry(sendEntry(receipt));
  const signed = openLogCheckpoint(log.entry, receipt.log.checkpoint);
  const proof = receipt.log.inclusionProof.map((h) => fromBase64(h));
  if (signed.size !== receipt.log.treeSize || proof.some((h) => h === null)) {
    throw new VerificationError('ricevuta: prova di inclusione malformata');
  }
  const ok = verifyInclusion(
    receipt.log.leafIndex,
    signed.size,
    leafHash(entryBytes),
    proof as Uint8Array[],
    signed.root,
  );
  if (!ok) {
    throw new VerificationError(
      `ricevuta ${receipt.receiptId}: la prova di inclusione non porta alla radice del checkpoint (voce ${receipt.log.leafIndex})`,
    );
  }
  await checkConsistency(files, log, receipt.log.checkpoint);
}
