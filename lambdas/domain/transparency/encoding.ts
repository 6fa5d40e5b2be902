/**
 * Strict text encodings shared by the transparency formats.
 *
 * Why this file exists: every format of the log (signed notes, checkpoints, entries, keys) must have exactly one
 * spelling per value, or two parties could sign or hash different bytes for "the same" thing. Node's own decoders are
 * lenient (`Buffer.from(s, 'base64')` skips junk, hex stops at the first bad digit), so the formats decode through
 * these functions, which accept only the canonical spelling (they re-encode and compare).
 */
import { createHash } from 'node:crypto';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-f]{2})*$/;

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Standard base64 (RFC 4648 §4) with padding, canonical only; null otherwise. */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : null;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Lower-case hex, even length; null otherwise (upper case is not canonical). */
export function fromHex(text: string): Uint8Array | null {
  return HEX.test(text) ? new Uint8Array(Buffer.from(text, 'hex')) : null;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Decodes UTF-8, refusing invalid sequences and keeping a leading BOM (it is not ours to drop). */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** True when a JavaScript string is well-formed UTF-16 (so that it has a UTF-8 encoding). */
export function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

export function sha256(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
