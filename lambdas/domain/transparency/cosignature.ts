/**
 * C2SP tlog-cosignature/v1 with Ed25519 (https://c2sp.org/tlog-cosignature): a witness's timestamped statement that
 * the checkpoint is the largest consistent tree it has seen for the log.
 *
 * Why this file exists: a log operator could show one tree to a participant and another to the auditors (a split
 * view). Witnesses — keys held by someone else than the operator, e.g. a notary or a trade association, run with
 * `ops log cosign` — cosign a checkpoint only after checking it is consistent with the last one they cosigned; a
 * verifier then demands a quorum of known witnesses before believing a checkpoint.
 *
 * Format: a note signature line whose key ID is `SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]` and whose signature
 * is `u64 big-endian timestamp ‖ Ed25519 signature` over
 *
 *     cosignature/v1\n
 *     time <timestamp, decimal seconds since the epoch>\n
 *     <the whole checkpoint text, extension lines included>
 *
 * Witness vkeys are note vkeys of type 0x04.
 */
import { type Checkpoint, CheckpointError, openCheckpoint } from './checkpoint.ts';
import { concatBytes, utf8 } from './encoding.ts';
import { type Hash, verifyConsistency } from './merkle.ts';
import {
  computeKeyId,
  ED25519_SIGNATURE_SIZE,
  ed25519PublicKey,
  ed25519Signer,
  ed25519Verifier,
  type NoteSigner,
  type NoteSignature,
  type NoteVerifier,
  NoteError,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from './note.ts';

const TIMESTAMP_SIZE = 8;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

export class CosignatureError extends Error {
  override name = 'CosignatureError';
}

/** The message a cosigner signs for a checkpoint text at `timestamp` (seconds). */
export function cosignatureMessage(checkpointText: string, timestamp: number): Uint8Array {
  checkTimestamp(timestamp);
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || BigInt(timestamp) > MAX_TIMESTAMP) {
    throw new CosignatureError('a cosignature timestamp is a non-negative integer of seconds');
  }
}

function timestampBytes(timestamp: number): Uint8Array {
  const out = new Uint8Array(TIMESTAMP_SIZE);
  new DataView(out.buffer).setBigUint64(0, BigInt(timestamp));
  return out;
}

/** The timestamp (seconds) carried by a cosignature, or null if the bytes are not a v1 Ed25519 cosignature. */
export function cosignatureTimestamp(signature: Uint8Array): number | null {
  if (signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return null;
  const t = new DataView(signature.buffer, signature.byteOffset, TIMESTAMP_SIZE).getBigUint64(0);
  return t > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(t);
}

/**
 * A cosigner from an skey (type 0x04, or a plain Ed25519 0x01 skey used as a cosigner key, as Go's
 * `NewSignerForCosignatureV1` allows); `now` gives the timestamp in seconds.
 */
export function cosigner(skey: string, now: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  const key = parseSignerKey(skey);
  const publicKey = ed25519PublicKey(key.seed);
  const sign = ed25519Signer(key.seed);
  return {
    name: key.name,
    keyId: computeKeyId(key.name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey),
    sign(text) {
      const timestamp = now();
      const checkpointText = new TextDecoder().decode(text);
      return concatBytes(timestampBytes(timestamp), sign(cosignatureMessage(checkpointText, timestamp)));
    },
  };
}

/** A verifier of v1 Ed25519 cosignatures from a type 0x04 vkey. */
export function cosignatureVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey);
  if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new NoteError('malformed-key', 'not a cosignature/v1 key');
  const verify = ed25519Verifier(key.publicKey);
  return {
    name: key.name,
    keyId: key.keyId,
    verify(text, signature) {
      const timestamp = cosignatureTimestamp(signature);
      if (timestamp === null) return false;
      const message = cosignatureMessage(new TextDecoder().decode(text), timestamp);
      return verify(message, signature.subarray(TIMESTAMP_SIZE));
    },
  };
}

/** What a witness remembers of the log: the last checkpoint it cosigned. */
export interface WitnessedTree {
  readonly size: number;
  readonly root: Hash;
}

/**
 * What `ops log cosign` does: opens the log's signed checkpoint (the log's key must have signed it, for `origin`),
 * checks it is consistent with the last tree this witness cosigned (a consistency proof is needed when the tree
 * grew; a smaller tree, or the same size with another root, is refused), and returns the note with this witness's
 * cosignature added (existing signatures kept) plus the tree to remember.
 */
export async function witnessCosign(options: {
  signed: string;
  origin: string;
  log: NoteVerifier;
  witness: NoteSigner;
  previous?: WitnessedTree;
  consistencyProof?: readonly Hash[];
}): Promise<{ signed: string; tree: WitnessedTree }> {
  const { checkpoint, note } = openCheckpoint(options.signed, { log: options.log, origin: options.origin });
  const previous = options.previous;
  if (
    previous &&
    !verifyConsistency(previous.size, checkpoint.size, options.consistencyProof ?? [], previous.root, checkpoint.root)
  ) {
    throw new CosignatureError(
      `checkpoint of size ${checkpoint.size} is not proven consistent with the cosigned size ${previous.size}`,
    );
  }
  const keep: NoteSignature[] = [...note.signatures, ...note.unverified];
  const signed = await signNote(note.text, [options.witness], keep);
  return { signed, tree: { size: checkpoint.size, root: checkpoint.root } };
}

export interface QuorumResult {
  readonly checkpoint: Checkpoint;
  /** The known witnesses whose cosignature verified, with their timestamps (seconds). */
  readonly cosigners: readonly { name: string; keyId: number; timestamp: number }[];
}

/**
 * Opens a checkpoint signed by the log and demands at least `quorum` distinct cosignatures among the `witnesses`
 * (type 0x04 vkeys). A witness signature that is present but wrong rejects the note (signed-note rules); unknown
 * signatures are ignored. `quorum` 0 accepts a checkpoint with no cosignature.
 */
export function verifyCosignedCheckpoint(
  signed: string | Uint8Array,
  options: { log: NoteVerifier; origin: string; witnesses: readonly string[]; quorum: number },
): QuorumResult {
  const witnesses = options.witnesses.map(cosignatureVerifier);
  if (!Number.isInteger(options.quorum) || options.quorum < 0 || options.quorum > witnesses.length) {
    throw new CosignatureError(`a quorum of ${options.quorum} among ${witnesses.length} witnesses cannot be met`);
  }
  const { checkpoint, note } = openCheckpoint(signed, { log: options.log, origin: options.origin, others: witnesses });
  const isWitness = (s: NoteSignature) => witnesses.some((w) => w.name === s.name && w.keyId === s.keyId);
  const cosigners = note.signatures.filter(isWitness).map((s) => ({
    name: s.name,
    keyId: s.keyId,
    timestamp: cosignatureTimestamp(s.signature)!,
  }));
  if (cosigners.length < options.quorum) {
    throw new CheckpointError(`${cosigners.length} of the required ${options.quorum} witness cosignatures`);
  }
  return { checkpoint, cosigners };
}
