/**
 * Compact JWS (RFC 7515) with ES256 assembled by hand, so that the same code serves a local key and a KMS key:
 * `base64url(header) "." base64url(payload) "." base64url(r || s)`. KMS returns ECDSA signatures DER-encoded
 * (`SEQUENCE { INTEGER r, INTEGER s }`); JOSE wants the two 32-byte integers concatenated (RFC 7518 §3.4).
 */
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Jwks, ReceiptClaims } from './ports.ts';

const P256_INTEGER_BYTES = 32;

export function signingInput(kid: string, claims: ReceiptClaims): string {
  const header = { alg: 'ES256', kid, typ: 'JOSE' };
  // Only the three covered fields, in a fixed order: the payload is the same bytes for the same receipt.
  const payload = { receiptId: claims.receiptId, token: claims.token, arrivalTime: claims.arrivalTime };
  return `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
}

export function compactJws(input: string, joseSignature: Uint8Array): string {
  return `${input}.${Buffer.from(joseSignature).toString('base64url')}`;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → `r || s`, each left-padded to 32 bytes. Throws on anything else. */
export function derToJose(der: Uint8Array): Uint8Array {
  const bytes = Buffer.from(der);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset] !== tag) throw new Error('not a DER ECDSA signature');
    offset += 1;
    const first = bytes[offset] as number;
    offset += 1;
    if (first < 0x80) return first;
    const lengthBytes = first & 0x7f;
    if (lengthBytes !== 1) throw new Error('not a DER ECDSA signature');
    const length = bytes[offset] as number;
    offset += 1;
    return length;
  };
  const sequenceLength = expect(0x30);
  if (offset + sequenceLength !== bytes.length) throw new Error('not a DER ECDSA signature');
  const integer = () => {
    const length = expect(0x02);
    let value = bytes.subarray(offset, offset + length);
    offset += length;
    while (value.length > P256_INTEGER_BYTES && value[0] === 0) value = value.subarray(1);
    if (value.length > P256_INTEGER_BYTES || value.length === 0) throw new Error('not a P-256 ECDSA signature');
    const padded = Buffer.alloc(P256_INTEGER_BYTES);
    value.copy(padded, P256_INTEGER_BYTES - value.length);
    return padded;
  };
  const r = integer();
  const s = integer();
  if (offset !== bytes.length) throw new Error('not a DER ECDSA signature');
  return Buffer.concat([r, s]);
}

/** The JWKS that verifies receipts signed with a P-256 key: its public half, `kid` = the RFC 7638 thumbprint. */
export async function publishedKey(publicKey: KeyObject): Promise<{ kid: string; jwks: Jwks }> {
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: String(publicJwk.x),
    y: String(publicJwk.y),
    kid,
    alg: 'ES256',
    use: 'sig',
  };
  return { kid, jwks: { keys: [jwk] } };
}
