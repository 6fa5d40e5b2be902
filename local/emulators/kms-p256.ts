/**
 * ECDSA over NIST P-256 on a message digest, in BigInt arithmetic, for the local KMS endpoint (`kms.ts`). Local-only.
 *
 * Why it exists: KMS `Sign`/`Verify` accept `MessageType: DIGEST`, i.e. a SHA-256 digest the caller computed, and
 * sign it as is ("KMS skips the hashing step", AWS KMS API reference, Sign, MessageType). `node:crypto` cannot sign or
 * verify a precomputed digest with an EC key (its `sign`/`verify` and WebCrypto always hash the input), so the
 * DIGEST path does the curve arithmetic here. The RAW path uses `node:crypto` directly, and the unit tests check each
 * implementation against the other (a digest signed here verifies with `node:crypto` over the original message).
 *
 * Not constant-time and not meant to be: it signs throw-away local keys on loopback. The nonce `k` is random (as in
 * KMS, whose ECDSA signatures are not deterministic), drawn by rejection sampling from `randomBytes`.
 *
 * Curve parameters: SEC 2 v2 §2.4.2 / FIPS 186-5 (secp256r1). Signature encoding: DER `SEQUENCE { INTEGER r,
 * INTEGER s }` (ANSI X9.62 / RFC 3279 §2.2.3), which is what KMS returns for ECDSA ("the signature is DER-encoded as
 * specified in ANSI X9.62–2005", AWS KMS API reference, Sign, Signature).
 */
import { randomBytes } from 'node:crypto';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const GX = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const GY = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;

/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
interface Jacobian {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
}
export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };
const G: Jacobian = { x: GX, y: GY, z: 1n };

const mod = (a: bigint, m: bigint = P) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

/** Modular inverse by the extended Euclidean algorithm; `a` must be non-zero modulo the prime `m`. */
function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return mod(oldS, m);
}

/** dbl-2001-b (a = −3), Explicit-Formulas Database. */
function double(p: Jacobian): Jacobian {
  if (p.z === 0n || p.y === 0n) return INFINITY;
  const delta = mod(p.z * p.z);
  const gamma = mod(p.y * p.y);
  const beta = mod(p.x * gamma);
  const alpha = mod(3n * (p.x - delta) * (p.x + delta));
  const x = mod(alpha * alpha - 8n * beta);
  const z = mod((p.y + p.z) ** 2n - gamma - delta);
  const y = mod(alpha * (4n * beta - x) - 8n * gamma * gamma);
  return { x, y, z };
}

/** add-2007-bl, Explicit-Formulas Database. */
function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p.z === 0n) return q;
  if (q.z === 0n) return p;
  const z1z1 = mod(p.z * p.z);
  const z2z2 = mod(q.z * q.z);
  const u1 = mod(p.x * z2z2);
  const u2 = mod(q.x * z1z1);
  const s1 = mod(p.y * q.z * z2z2);
  const s2 = mod(q.y * p.z * z1z1);
  if (u1 === u2) return s1 === s2 ? double(p) : INFINITY;
  const h = mod(u2 - u1);
  const i = mod(4n * h * h);
  const j = mod(h * i);
  const r = mod(2n * (s2 - s1));
  const v = mod(u1 * i);
  const x = mod(r * r - j - 2n * v);
  const y = mod(r * (v - x) - 2n * s1 * j);
  const z = mod(((p.z + q.z) ** 2n - z1z1 - z2z2) * h);
  return { x, y, z };
}

function multiply(k: bigint, p: Jacobian): Jacobian {
  let result = INFINITY;
  let addend = p;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = double(addend);
  }
  return result;
}

function toAffine(p: Jacobian): AffinePoint | undefined {
  if (p.z === 0n) return undefined;
  const zInv = invert(p.z, P);
  const zInv2 = mod(zInv * zInv);
  return { x: mod(p.x * zInv2), y: mod(p.y * zInv2 * zInv) };
}

export function isOnCurve(point: AffinePoint): boolean {
  const { x, y } = point;
  if (x < 0n || x >= P || y < 0n || y >= P) return false;
  return mod(y * y) === mod(x * x * x - 3n * x + B);
}

export const bigintFromBytes = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);

const bytesFromBigint = (value: bigint): Buffer => {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
};

/** FIPS 186-5 §6.4.1 step: the leftmost min(bitlen(n), bitlen(digest)) bits of the digest, as an integer. */
function digestInteger(digest: Uint8Array): bigint {
  const e = bigintFromBytes(digest);
  const excess = digest.length * 8 - 256;
  return excess > 0 ? e >> BigInt(excess) : e;
}

function randomScalar(): bigint {
  for (;;) {
    const k = bigintFromBytes(randomBytes(32));
    if (k > 0n && k < N) return k;
  }
}

/** Signs `digest` with the private scalar `d`; returns the DER encoding KMS returns. */
export function signDigest(d: bigint, digest: Uint8Array): Buffer {
  if (d <= 0n || d >= N) throw new Error('private scalar out of range');
  const z = digestInteger(digest);
  for (;;) {
    const k = randomScalar();
    const point = toAffine(multiply(k, G));
    if (!point) continue;
    const r = mod(point.x, N);
    if (r === 0n) continue;
    const s = mod(invert(k, N) * (z + r * d), N);
    if (s === 0n) continue;
    return encodeDerSignature(r, s);
  }
}

/** Verifies a DER signature over `digest` with the public point `q`. Malformed input is simply invalid. */
export function verifyDigest(q: AffinePoint, digest: Uint8Array, der: Uint8Array): boolean {
  const signature = decodeDerSignature(der);
  if (!signature || !isOnCurve(q)) return false;
  const { r, s } = signature;
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const w = invert(s, N);
  const u1 = mod(digestInteger(digest) * w, N);
  const u2 = mod(r * w, N);
  const point = toAffine(add(multiply(u1, G), multiply(u2, { x: q.x, y: q.y, z: 1n })));
  return point !== undefined && mod(point.x, N) === r;
}

function derInteger(value: bigint): Buffer {
  let bytes = bytesFromBigint(value);
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

export function encodeDerSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/**
 * Strict DER: short-form lengths (a P-256 signature is at most 72 bytes), minimal positive INTEGERs, nothing after
 * the SEQUENCE. Returns undefined for anything else.
 */
export function decodeDerSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  const bytes = Buffer.from(der);
  if (bytes.length < 8 || bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) return undefined;
  let offset = 2;
  const integer = (): bigint | undefined => {
    if (bytes[offset] !== 0x02) return undefined;
    const length = bytes[offset + 1] as number;
    if (length === 0 || length > 33 || offset + 2 + length > bytes.length) return undefined;
    const value = bytes.subarray(offset + 2, offset + 2 + length);
    const first = value[0] as number;
    if (first & 0x80) return undefined; // negative
    if (first === 0 && length > 1 && !((value[1] as number) & 0x80)) return undefined; // not minimal
    offset += 2 + length;
    return bigintFromBytes(value);
  };
  const r = integer();
  const s = r === undefined ? undefined : integer();
  if (r === undefined || s === undefined || offset !== bytes.length) return undefined;
  return { r, s };
}
