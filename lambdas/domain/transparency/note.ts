/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519, and their key formats.
 *
 * Why this file exists: the log's checkpoints are signed notes, witnesses add their cosignatures to the same note,
 * and the verifier key published at `/log/index.json` is a note *vkey*. The byte format is exact:
 *
 *     <text, ending in "\n">
 *     <blank line>
 *     — <key name> <base64(4-byte big-endian key ID ‖ signature)>   (one line per signature, "— " is U+2014 U+0020)
 *
 * - the note is UTF-8 with no control character but newline; the text is separated from the signatures by the
 *   *last* blank line;
 * - key name: non-empty, no Unicode space, no `+`;
 * - key ID = `SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]`, type 0x01 for Ed25519 note signatures
 *   (0x04 for tlog-cosignature, see `cosignature.ts`);
 * - vkey `<name>+<8 hex key ID>+<base64(type ‖ public key)>`; skey (Go's `sumdb/note` format)
 *   `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(type ‖ 32-byte Ed25519 seed)>`;
 * - opening: signatures whose (name, key ID) is unknown are ignored (kept as unverified); a known key whose
 *   signature does not verify rejects the whole note; a note with no verified signature is rejected.
 *
 * The reference implementation is Go's `golang.org/x/mod/sumdb/note`; its test vectors run in the tests.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { concatBytes, fromBase64, fromUtf8, isWellFormed, sha256, toBase64, utf8 } from './encoding.ts';

export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
/** More signatures than this make a note malformed (the spec asks verifiers to accept at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

export type NoteErrorCode =
  'malformed-key' | 'malformed-note' | 'invalid-signer' | 'ambiguous-key' | 'invalid-signature' | 'unverified';

export class NoteError extends Error {
  override name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
    /** For `unverified`: the parsed note, whose signatures all came from unknown keys. */
    readonly note?: OpenedNote,
  ) {
    super(message);
  }
}

/** Signs with one key. `sign` may be asynchronous (a key held by a KMS). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** Verifies signatures of one key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** One signature line: `signature` is what follows the 4-byte key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

export interface OpenedNote {
  /** The signed text, final newline included. */
  readonly text: string;
  /** Signatures by known keys, all verified, in note order (one per key). */
  readonly signatures: readonly NoteSignature[];
  /** Signatures by unknown keys, not verified, in note order (identical lines once). */
  readonly unverified: readonly NoteSignature[];
}

// ---- names and key IDs -------------------------------------------------------------------------------------------

/** True when `text` has a character below U+0020 other than (when allowed) newline. */
function hasControl(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(newlineAllowed && c === 0x0a)) return true;
  }
  return false;
}

/** Non-empty, no Unicode space (Go's `unicode.IsSpace`, plus U+FEFF), no `+`, no control character. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && isWellFormed(name) && !hasControl(name, false) && !/[\s\u0085+]/.test(name);
}

/** `SHA-256(name ‖ 0x0A ‖ type ‖ publicKey)[:4]` as an unsigned 32-bit number. */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(name), new Uint8Array([0x0a, type]), publicKey));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function uint32(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

function uint32Bytes(value: number): Uint8Array {
  return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

// ---- Ed25519 through node:crypto ---------------------------------------------------------------------------------

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
export const ED25519_SEED_SIZE = 32;
export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SEED_SIZE) throw new NoteError('malformed-key', 'an Ed25519 seed has 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject | null {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) return null;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** The RFC 8032 public key of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(ed25519PrivateKey(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** An RFC 8032 signer for a seed (the key object is built once). */
export function ed25519Signer(seed: Uint8Array): (message: Uint8Array) => Uint8Array {
  const key = ed25519PrivateKey(seed);
  return (message) => new Uint8Array(sign(null, message, key));
}

/** An RFC 8032 verifier for a public key; a key that is not a valid point verifies nothing. */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = ed25519PublicKeyObject(publicKey);
  return (message, signature) => {
    if (!key || signature.length !== ED25519_SIGNATURE_SIZE) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}

// ---- key formats -------------------------------------------------------------------------------------------------

export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Uint8Array;
}

export interface SignerKey extends VerifierKey {
  readonly seed: Uint8Array;
}

const KEY_TYPES = new Set([SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_COSIGNATURE_V1]);

/** Splits at the first `count - 1` plus signs (base64 key material, last, may itself contain `+`). */
function cutPlus(text: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = text;
  for (let i = 1; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export function formatVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError('malformed-key', `invalid key name ${JSON.stringify(name)}`);
  const keyId = computeKeyId(name, type, publicKey);
  return `${name}+${formatKeyId(keyId)}+${toBase64(concatBytes(new Uint8Array([type]), publicKey))}`;
}

/** Parses a vkey of an Ed25519 type (0x01 note, 0x04 cosignature) and checks its key ID. */
export function parseVerifierKey(vkey: string): VerifierKey {
  const parts = cutPlus(vkey, 3);
  if (!parts) throw new NoteError('malformed-key', 'a verifier key is <name>+<key ID>+<key>');
  const [name, id, key64] = parts as [string, string, string];
  const key = fromBase64(key64);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !key || key.length === 0) {
    throw new NoteError('malformed-key', 'malformed verifier key');
  }
  const type = key[0]!;
  const publicKey = key.slice(1);
  if (!KEY_TYPES.has(type)) throw new NoteError('malformed-key', `unsupported key type 0x${type.toString(16)}`);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw new NoteError('malformed-key', 'an Ed25519 key has 32 bytes');
  const keyId = parseInt(id, 16);
  if (keyId !== computeKeyId(name, type, publicKey)) throw new NoteError('malformed-key', 'the key ID does not match');
  return { name, keyId, type, publicKey };
}

/** `PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ seed)>`. */
export function formatSignerKey(name: string, type: number, seed: Uint8Array): string {
  const publicKey = ed25519PublicKey(seed);
  if (!isValidKeyName(name)) throw new NoteError('malformed-key', `invalid key name ${JSON.stringify(name)}`);
  const keyId = computeKeyId(name, type, publicKey);
  return `PRIVATE+KEY+${name}+${formatKeyId(keyId)}+${toBase64(concatBytes(new Uint8Array([type]), seed))}`;
}

/** Parses an skey of an Ed25519 type and checks that its key ID matches the public key derived from the seed. */
export function parseSignerKey(skey: string): SignerKey {
  const parts = cutPlus(skey, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new NoteError('malformed-key', 'a signer key is PRIVATE+KEY+<name>+<key ID>+<key>');
  }
  const [, , name, id, key64] = parts as [string, string, string, string, string];
  const key = fromBase64(key64);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !key || key.length === 0) {
    throw new NoteError('malformed-key', 'malformed signer key');
  }
  const type = key[0]!;
  const seed = key.slice(1);
  if (!KEY_TYPES.has(type)) throw new NoteError('malformed-key', `unsupported key type 0x${type.toString(16)}`);
  if (seed.length !== ED25519_SEED_SIZE) throw new NoteError('malformed-key', 'an Ed25519 seed has 32 bytes');
  const publicKey = ed25519PublicKey(seed);
  const keyId = parseInt(id, 16);
  if (keyId !== computeKeyId(name, type, publicKey)) throw new NoteError('malformed-key', 'the key ID does not match');
  return { name, keyId, type, publicKey, seed };
}

/** A new key pair (`seed` only for reproducible tests and key ceremonies that bring their own entropy). */
export function generateKeyPair(
  name: string,
  type: number = SIGNATURE_TYPE_ED25519,
  seed: Uint8Array = new Uint8Array(randomBytes(ED25519_SEED_SIZE)),
): { skey: string; vkey: string } {
  return { skey: formatSignerKey(name, type, seed), vkey: formatVerifierKey(name, type, ed25519PublicKey(seed)) };
}

/** A signer of plain Ed25519 note signatures (type 0x01) from an skey. */
export function noteSigner(skey: string): NoteSigner {
  const key = parseSignerKey(skey);
  if (key.type !== SIGNATURE_TYPE_ED25519) throw new NoteError('malformed-key', 'not an Ed25519 note signing key');
  return { name: key.name, keyId: key.keyId, sign: ed25519Signer(key.seed) };
}

/** A verifier of plain Ed25519 note signatures (type 0x01) from a vkey. */
export function noteVerifier(vkey: string): NoteVerifier {
  const key = parseVerifierKey(vkey);
  if (key.type !== SIGNATURE_TYPE_ED25519) throw new NoteError('malformed-key', 'not an Ed25519 note verifier key');
  return { name: key.name, keyId: key.keyId, verify: ed25519Verifier(key.publicKey) };
}

// ---- notes -------------------------------------------------------------------------------------------------------

const SIGNATURE_PREFIX = '\u2014 ';

/** UTF-8 text with no control character other than newline. */
function isNoteText(text: string): boolean {
  return isWellFormed(text) && !hasControl(text, true);
}

export function formatSignatureLine(sig: NoteSignature): string {
  return `${SIGNATURE_PREFIX}${sig.name} ${toBase64(concatBytes(uint32Bytes(sig.keyId), sig.signature))}\n`;
}

/**
 * Signs `text` (which must end with a newline) with every signer, after the signatures of `keep` (existing
 * signatures to carry over; one from a key that signs again is replaced). Returns the whole signed note.
 */
export async function signNote(
  text: string,
  signers: readonly NoteSigner[],
  keep: readonly NoteSignature[] = [],
): Promise<string> {
  if (!text.endsWith('\n') || !isNoteText(text)) {
    throw new NoteError('malformed-note', 'a note text is UTF-8 ending in a newline, with no other control character');
  }
  const message = utf8(text);
  const fresh: NoteSignature[] = [];
  for (const signer of signers) {
    if (!isValidKeyName(signer.name)) throw new NoteError('invalid-signer', `invalid key name ${signer.name}`);
    fresh.push({ name: signer.name, keyId: signer.keyId, signature: await signer.sign(message) });
  }
  const replaced = new Set(fresh.map((s) => `${s.keyId}:${s.name}`));
  const kept = keep.filter((s) => !replaced.has(`${s.keyId}:${s.name}`));
  for (const s of kept) {
    if (!isValidKeyName(s.name)) throw new NoteError('malformed-note', `invalid key name ${s.name}`);
  }
  const all = [...kept, ...fresh];
  if (all.length === 0) throw new NoteError('invalid-signer', 'a note needs at least one signature');
  return `${text}\n${all.map(formatSignatureLine).join('')}`;
}

/**
 * Parses a signed note and verifies the signatures of known keys (see the module comment for the rules).
 * Throws a {@link NoteError}: `malformed-note`, `ambiguous-key` (two verifiers share a name and key ID),
 * `invalid-signature` (a known key's signature fails), `unverified` (no known key signed).
 */
export function openNote(msg: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const text0 = typeof msg === 'string' ? msg : fromUtf8(msg);
  if (text0 === null || !isNoteText(text0)) throw new NoteError('malformed-note', 'a note is UTF-8 without controls');
  const split = text0.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed-note', 'no blank line before the signatures');
  const text = text0.slice(0, split + 1);
  const block = text0.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw new NoteError('malformed-note', 'no signature lines');

  const known = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const key = `${v.keyId}:${v.name}`;
    known.set(key, [...(known.get(key) ?? []), v]);
  }

  const message = utf8(text);
  const signatures: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  const seenLines = new Set<string>();
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new NoteError('malformed-note', 'too many signatures');
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError('malformed-note', 'a signature line starts with "— "');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const raw = space < 0 ? null : fromBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !raw || raw.length < 5) throw new NoteError('malformed-note', 'bad signature line');
    const sig: NoteSignature = { name, keyId: uint32(raw), signature: raw.slice(4) };
    const key = `${sig.keyId}:${name}`;
    const candidates = known.get(key);
    if (!candidates) {
      if (!seenLines.has(line)) unverified.push(sig);
      seenLines.add(line);
      continue;
    }
    if (candidates.length > 1) {
      throw new NoteError('ambiguous-key', `ambiguous key ${name}+${formatKeyId(sig.keyId)}`);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    if (!candidates[0]!.verify(message, sig.signature)) {
      throw new NoteError('invalid-signature', `invalid signature for key ${name}+${formatKeyId(sig.keyId)}`);
    }
    signatures.push(sig);
  }
  const note: OpenedNote = { text, signatures, unverified };
  if (signatures.length === 0) throw new NoteError('unverified', 'note has no verifiable signatures', note);
  return note;
}
