/**
 * A deliberately naive RFC 6962 §2.1 reference, written from the RFC's recursive definitions and sharing no code with
 * `lambdas/domain/transparency`: MTH, PATH (§2.1.1) and PROOF/SUBPROOF (§2.1.2) over the raw entries, recomputing
 * every subtree hash from scratch. Slow on purpose; the property tests compare the real implementation with it.
 * https://www.rfc-editor.org/rfc/rfc6962#section-2.1
 */
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** k: the largest power of two smaller than n (n > 1). */
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

/** MTH(D[n]) */
export function naiveMth(d: readonly Uint8Array[]): Buffer {
  const n = d.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Buffer.from([0x00]), d[0]!);
  const split = k(n);
  return sha256(Buffer.from([0x01]), naiveMth(d.slice(0, split)), naiveMth(d.slice(split)));
}

/** PATH(m, D[n]) */
export function naivePath(m: number, d: readonly Uint8Array[]): Buffer[] {
  const n = d.length;
  if (n === 1) return [];
  const split = k(n);
  return m < split
    ? [...naivePath(m, d.slice(0, split)), naiveMth(d.slice(split))]
    : [...naivePath(m - split, d.slice(split)), naiveMth(d.slice(0, split))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [naiveMth(d)];
  const split = k(n);
  return m <= split
    ? [...subproof(m, d.slice(0, split), b), naiveMth(d.slice(split))]
    : [...subproof(m - split, d.slice(split), false), naiveMth(d.slice(0, split))];
}

/** PROOF(m, D[n]) */
export function naiveProof(m: number, d: readonly Uint8Array[]): Buffer[] {
  return subproof(m, d, true);
}

/** Deterministic distinct test entries: `entry <seed> <i>`. */
export function entries(count: number, seed = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new TextEncoder().encode(`entry ${seed} ${i}`));
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
export const fromB64 = (b: string): Uint8Array => new Uint8Array(Buffer.from(b, 'base64'));
