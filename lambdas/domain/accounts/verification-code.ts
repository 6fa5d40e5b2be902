/**
 * The product's own one-time codes (the SMS that verifies a new phone): only a digest is stored, bound to the login it
 * was sent for, and compared in constant time. Six digits, so the attempts are what protects them: five wrong codes
 * end the login (`mfa.ts`), and a new login sends a new code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const CODE_DIGITS = 6;

/** The digest kept in place of `code`, bound to the login `loginId` (the same code in another login does not match). */
export function codeDigest(loginId: string, code: string): string {
  return createHash('sha256').update(`sportello/phone-code/v1:${loginId}:${code.trim()}`).digest('base64url');
}

export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
