/**
 * Irreversible pseudonymisation for the privacy purge (R21): every e-mail address, phone number (E.164) and network
 * address (IPv4, IPv6, an IPv6 /64 block) found in a text becomes a pseudonym made with an HMAC under a key made for
 * one purge and never stored — so the same address gives the same pseudonym within the purge (the evidence still says
 * "the same account", "the same network") and nobody can turn it back.
 *
 * An e-mail pseudonym is still an address, `anon-<16 hex>@anon.invalid` (the reserved `.invalid` top-level domain
 * of RFC 2606, deliverable to nobody), so a record that must hold an address (an application's PEC, which the
 * applications export and `lists build` re-read) stays valid; phones and network addresses become
 * `anon-phone:<16 hex>` and `anon-ip:<16 hex>`. A pseudonym is never taken for an address again: a second purge
 * finds nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

const PSEUDONYM_DOMAIN = '@anon.invalid';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A `+` not glued to a word: a token's sign is followed by 64 hex characters, so "+1234…a" never ends a phone.
const PHONE = /(?<![\w+])\+[1-9]\d{6,14}(?!\w)/g;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g;
// Candidates only: a match is replaced when it really is an IPv6 address or block (times like 09:00:00 are not).
const IPV6 = /(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d{1,3})?(?![\w:])/gi;

/** What a pseudonym looks like (tests and the purge's own check). */
export const PSEUDONYM = /^(?:anon-[0-9a-f]{16}@anon\.invalid|anon-(?:phone|ip):[0-9a-f]{16})$/;

export interface Pseudonymiser {
  /** `text` with every address in it replaced. */
  text(text: string): string;
  /** `value` (objects and arrays walked, keys kept) with every string's addresses replaced. */
  deep<T>(value: T): T;
}

export function pseudonymiser(key: Uint8Array = randomBytes(32)): Pseudonymiser {
  const mac = (kind: string, value: string) =>
    createHmac('sha256', key).update(`${kind}:${value}`).digest('hex').slice(0, 16);
  const text = (input: string) =>
    input
      .replace(EMAIL, (m) =>
        m.toLowerCase().endsWith(PSEUDONYM_DOMAIN) ? m : `anon-${mac('email', m.toLowerCase())}${PSEUDONYM_DOMAIN}`,
      )
      .replace(PHONE, (m) => `anon-phone:${mac('phone', m)}`)
      .replace(IPV4, (m) => (isIP(m) === 4 ? `anon-ip:${mac('ip', m)}` : m))
      .replace(IPV6, (m) => {
        const [address = '', prefix] = m.split('/');
        if (isIP(address) !== 6) return m;
        // One address, one pseudonym, however it was written (`2001:DB8:0::1` and `2001:db8::1`).
        const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
        return `anon-ip:${mac('ip', prefix === undefined ? canonical : `${canonical}/${prefix}`)}`;
      });
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map(deep) as T;
    if (value instanceof Set) return new Set([...value].map(deep)) as T;
    if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    }
    return value;
  };
  return { text, deep };
}

const probe = pseudonymiser(new Uint8Array(32));

/** Whether `value` (walked as `deep` walks it) still holds an address the purge would replace. */
export function holdsPersonalData(value: unknown): boolean {
  if (typeof value === 'string') return probe.text(value) !== value;
  if (Array.isArray(value) || value instanceof Set) return [...value].some(holdsPersonalData);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.values(value).some(holdsPersonalData);
  }
  return false;
}
