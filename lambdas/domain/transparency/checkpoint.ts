/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed statement "the log named <origin> has <size>
 * entries and this RFC 6962 root".
 *
 * Why this file exists: the checkpoint is the only mutable file of a published log and the anchor of every proof, so
 * it is parsed strictly — one spelling per checkpoint — before anything is believed:
 *
 *     <origin>\n                 non-empty (ours: `<host>/log/<edition>`, the log's URL without scheme)
 *     <size>\n                   decimal, no leading zero (`0` for the empty tree)
 *     <base64 root hash>\n       standard base64 of exactly 32 bytes
 *     [<extension line>\n]…      opaque, each non-empty (this log writes none)
 *
 * and it is a signed note whose signature by the log's own key must verify (witness cosignatures may sit beside it).
 */
import { HASH_SIZE, type Hash } from './merkle.ts';
import { fromBase64, toBase64 } from './encoding.ts';
import { type NoteSigner, type NoteSignature, type NoteVerifier, type OpenedNote, openNote, signNote } from './note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Hash;
  /** Extension lines, without their newline. */
  readonly extensions: readonly string[];
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const SIZE = /^(?:0|[1-9][0-9]*)$/;

/** The note text of a checkpoint (what is signed). */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions } = checkpoint;
  if (origin.length === 0 || origin.includes('\n')) throw new CheckpointError('the origin is one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError('the size is a non-negative safe integer');
  if (root.length !== HASH_SIZE) throw new CheckpointError('the root hash has 32 bytes');
  for (const line of extensions) {
    if (line.length === 0 || line.includes('\n')) throw new CheckpointError('an extension line is one non-empty line');
  }
  return [origin, String(size), toBase64(root), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses the note text of a checkpoint; anything but the canonical form is a {@link CheckpointError}. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('a checkpoint has at least three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError('empty origin');
  if (!SIZE.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointError(`malformed tree size ${JSON.stringify(sizeText)}`);
  }
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw new CheckpointError('malformed root hash');
  if (extensions.some((line) => line.length === 0)) throw new CheckpointError('empty extension line');
  return { origin, size: Number(sizeText), root, extensions };
}

/** Formats and signs a checkpoint with the log's key (and any further signers), keeping `keep` signatures. */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signers: readonly NoteSigner[],
  keep: readonly NoteSignature[] = [],
): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers, keep);
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

/**
 * Opens a signed checkpoint: the log's signature (by `log`) must verify, the origin must be `origin`, and the text
 * must parse. `others` are further known keys (witnesses) whose signatures are verified too when present.
 */
export function openCheckpoint(
  signed: string | Uint8Array,
  options: { log: NoteVerifier; origin: string; others?: readonly NoteVerifier[] },
): OpenedCheckpoint {
  const note = openNote(signed, [options.log, ...(options.others ?? [])]);
  if (!note.signatures.some((s) => s.name === options.log.name && s.keyId === options.log.keyId)) {
    throw new CheckpointError('the checkpoint is not signed by the log');
  }
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== options.origin) {
    throw new CheckpointError(`the checkpoint is for ${JSON.stringify(checkpoint.origin)}, not ${options.origin}`);
  }
  return { checkpoint, note };
}
