/**
 * The entries of the click-day log, format v1: a canonical, versioned text, one entry per leaf.
 *
 * Why this file exists: the leaf hash is taken over these exact bytes, so a verifier in any language must be able to
 * rebuild them from the facts (and refuse anything else). Hence one spelling per entry: ASCII only, `\n` line ends,
 * a fixed header, then `key value` lines in a fixed order, one space, no trailing space, a final `\n`. Parsing
 * checks each value and then that formatting the result gives back the same bytes. No personal data: tokens,
 * instants, receipt IDs and hashes only (an annulment's reason is published with the lists; the log holds its
 * SHA-256).
 *
 *     sportello-log/v1 rules             first entry of every edition, never again
 *     origin <checkpoint origin>
 *     edition <edition id>
 *     resolution ms|s
 *     tie-break <criterion>,…,token      the edition's criteria in order, `token` last
 *     allocation chronological|window-draw
 *     window <seconds>                   window-draw only
 *     seed-sha256 <64 hex>               window-draw only: SHA-256 of the 32-byte draw seed
 *     beacon <round name>                window-draw only, optional
 *     counter <region-slug|*> <axis|*> <opens (M5)> <closes (M6)>   one or more, sorted, one per scope
 *     applications-sha256 <64 hex>       SHA-256 of the public applications table used for the lists
 *     allocations-sha256 <64 hex>        SHA-256 of the allocations table
 *
 *     sportello-log/v1 send              a recorded first send
 *     token <[+-] 64 hex>
 *     arrival <YYYY-MM-DDTHH:MM:SS.mmmZ>
 *     receipt <receipt id>
 *
 *     sportello-log/v1 annulment
 *     token <token>
 *     annulled <instant>
 *     reason-sha256 <64 hex>             SHA-256 of the reason's UTF-8 bytes
 *
 *     sportello-log/v1 seal              last entry: nothing can follow
 *     entries <number of entries before the seal>
 *     sealed <instant>
 *
 * `docs/transparency-format.md` is the reference for reimplementers.
 */
import { fromUtf8, sha256, toHex, utf8 } from './encoding.ts';

export const ENTRY_VERSION = 'sportello-log/v1';

export const CRITERIA = [
  'registered_at',
  'requested_eur',
  'project_eur',
  'cciaa_date',
  'legality_rating',
  'workers',
  'token',
] as const;
export type CriterionName = (typeof CRITERIA)[number];

/** Where a counter's M5/M6 apply: a region slug and/or an axis, `*` for any (the most specific scope wins). */
export interface CounterWindow {
  readonly region: string;
  readonly axis: string;
  /** M5, the counter opens (ISO 8601 UTC with milliseconds). */
  readonly opensAt: string;
  /** M6, the counter closes. */
  readonly closesAt: string;
}

export type Allocation =
  | { readonly mode: 'chronological' }
  | {
      readonly mode: 'window-draw';
      readonly windowSeconds: number;
      readonly seedSha256: string;
      readonly beacon?: string;
    };

export interface RulesEntry {
  readonly kind: 'rules';
  readonly origin: string;
  readonly edition: string;
  readonly resolution: 'ms' | 's';
  readonly tieBreak: readonly CriterionName[];
  readonly allocation: Allocation;
  readonly counters: readonly CounterWindow[];
  readonly applicationsSha256: string;
  readonly allocationsSha256: string;
}

export interface SendEntry {
  readonly kind: 'send';
  readonly token: string;
  readonly arrivalTime: string;
  readonly receiptId: string;
}

export interface AnnulmentEntry {
  readonly kind: 'annulment';
  readonly token: string;
  readonly annulledAt: string;
  readonly reasonSha256: string;
}

export interface SealEntry {
  readonly kind: 'seal';
  /** The number of entries before the seal, i.e. the seal's own leaf index. */
  readonly entries: number;
  readonly sealedAt: string;
}

export type LogEntry = RulesEntry | SendEntry | AnnulmentEntry | SealEntry;

export class EntryError extends Error {
  override name = 'EntryError';
}

// ---- value syntax ------------------------------------------------------------------------------------------------

const TOKEN = /^[+-][0-9a-f]{64}$/;
const HEX256 = /^[0-9a-f]{64}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RECEIPT = /^[0-9A-Za-z._:-]{1,128}$/;
const ORIGIN = /^[\x21-\x2a\x2c-\x7e]{1,255}$/;
const EDITION = /^[a-z0-9][a-z0-9-]{0,31}$/;
const BEACON = /^[0-9A-Za-z._:/-]{1,128}$/;
const REGION = /^(?:\*|[a-z0-9]+(?:-[a-z0-9]+)*)$/;
const AXIS = /^(?:\*|[1-9][0-9]*(?:\.[1-9][0-9]*)?)$/;
const COUNT = /^(?:0|[1-9][0-9]*)$/;
const WINDOW_MAX_SECONDS = 86_400;

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new EntryError(`invalid ${what}: ${JSON.stringify(value)}`);
}

/** ISO 8601 UTC with exactly three fractional digits, and a real instant (`2024-02-30…` is refused). */
export function isInstant(value: string): boolean {
  if (!INSTANT.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** SHA-256 of the UTF-8 reason, lower-case hex: what an annulment entry commits to. */
export function reasonSha256(reason: string): string {
  return toHex(sha256(utf8(reason)));
}

function scopeKey(c: CounterWindow): string {
  return `${c.region} ${c.axis}`;
}

function validate(entry: LogEntry): void {
  switch (entry.kind) {
    case 'rules': {
      check(ORIGIN.test(entry.origin), 'origin', entry.origin);
      check(EDITION.test(entry.edition), 'edition', entry.edition);
      check(entry.resolution === 'ms' || entry.resolution === 's', 'resolution', entry.resolution);
      const tb = entry.tieBreak;
      check(
        tb.length > 0 &&
          tb[tb.length - 1] === 'token' &&
          new Set(tb).size === tb.length &&
          tb.every((c) => (CRITERIA as readonly string[]).includes(c)),
        'tie-break (known criteria, no repeat, token last)',
        tb,
      );
      const a = entry.allocation;
      if (a.mode === 'window-draw') {
        check(
          Number.isInteger(a.windowSeconds) && a.windowSeconds >= 1 && a.windowSeconds <= WINDOW_MAX_SECONDS,
          'window (1…86400 seconds)',
          a.windowSeconds,
        );
        check(HEX256.test(a.seedSha256), 'seed-sha256', a.seedSha256);
        if (a.beacon !== undefined) check(BEACON.test(a.beacon), 'beacon', a.beacon);
      } else {
        check(a.mode === 'chronological', 'allocation', a);
      }
      check(entry.counters.length > 0, 'counter (at least one)', entry.counters);
      entry.counters.forEach((c, i) => {
        check(REGION.test(c.region), 'counter region', c.region);
        check(AXIS.test(c.axis), 'counter axis', c.axis);
        check(isInstant(c.opensAt) && isInstant(c.closesAt) && c.opensAt < c.closesAt, 'counter window', c);
        if (i > 0) check(scopeKey(entry.counters[i - 1]!) < scopeKey(c), 'counter order (sorted, one per scope)', c);
      });
      check(HEX256.test(entry.applicationsSha256), 'applications-sha256', entry.applicationsSha256);
      check(HEX256.test(entry.allocationsSha256), 'allocations-sha256', entry.allocationsSha256);
      return;
    }
    case 'send':
      check(TOKEN.test(entry.token), 'token', entry.token);
      check(isInstant(entry.arrivalTime), 'arrival', entry.arrivalTime);
      check(RECEIPT.test(entry.receiptId), 'receipt', entry.receiptId);
      return;
    case 'annulment':
      check(TOKEN.test(entry.token), 'token', entry.token);
      check(isInstant(entry.annulledAt), 'annulled', entry.annulledAt);
      check(HEX256.test(entry.reasonSha256), 'reason-sha256', entry.reasonSha256);
      return;
    case 'seal':
      check(Number.isSafeInteger(entry.entries) && entry.entries >= 1, 'entries', entry.entries);
      check(isInstant(entry.sealedAt), 'sealed', entry.sealedAt);
      return;
    default:
      throw new EntryError(`unknown entry kind ${JSON.stringify((entry as { kind?: unknown }).kind)}`);
  }
}

// ---- format ------------------------------------------------------------------------------------------------------

function lines(entry: LogEntry): [string, string][] {
  switch (entry.kind) {
    case 'rules': {
      const a = entry.allocation;
      const draw: [string, string][] =
        a.mode === 'window-draw'
          ? [
              ['window', String(a.windowSeconds)],
              ['seed-sha256', a.seedSha256],
              ...(a.beacon === undefined ? [] : [['beacon', a.beacon] as [string, string]]),
            ]
          : [];
      return [
        ['origin', entry.origin],
        ['edition', entry.edition],
        ['resolution', entry.resolution],
        ['tie-break', entry.tieBreak.join(',')],
        ['allocation', a.mode],
        ...draw,
        ...entry.counters.map((c): [string, string] => ['counter', `${c.region} ${c.axis} ${c.opensAt} ${c.closesAt}`]),
        ['applications-sha256', entry.applicationsSha256],
        ['allocations-sha256', entry.allocationsSha256],
      ];
    }
    case 'send':
      return [
        ['token', entry.token],
        ['arrival', entry.arrivalTime],
        ['receipt', entry.receiptId],
      ];
    case 'annulment':
      return [
        ['token', entry.token],
        ['annulled', entry.annulledAt],
        ['reason-sha256', entry.reasonSha256],
      ];
    case 'seal':
      return [
        ['entries', String(entry.entries)],
        ['sealed', entry.sealedAt],
      ];
  }
}

/** The canonical text of an entry (validated first: an invalid entry is an {@link EntryError}). */
export function formatEntry(entry: LogEntry): string {
  validate(entry);
  return [`${ENTRY_VERSION} ${entry.kind}`, ...lines(entry).map(([k, v]) => `${k} ${v}`)].map((l) => `${l}\n`).join('');
}

/** The bytes that are hashed into the log. */
export function encodeEntry(entry: LogEntry): Uint8Array {
  return utf8(formatEntry(entry));
}

// ---- parse -------------------------------------------------------------------------------------------------------

/** Reads `key value` lines in order; `take(key)` consumes one line with that key, `peek` looks at the next key. */
class Reader {
  private at = 0;
  constructor(private readonly fields: readonly [string, string][]) {}
  peek(): string | undefined {
    return this.fields[this.at]?.[0];
  }
  take(key: string): string {
    const field = this.fields[this.at];
    if (!field || field[0] !== key)
      throw new EntryError(`expected "${key}", found ${JSON.stringify(field?.[0] ?? null)}`);
    this.at++;
    return field[1];
  }
  end(): void {
    if (this.at !== this.fields.length) throw new EntryError(`unexpected "${this.fields[this.at]![0]}"`);
  }
}

function number(text: string, what: string): number {
  check(COUNT.test(text) && Number.isSafeInteger(Number(text)), what, text);
  return Number(text);
}

function parseFields(kind: string, r: Reader): LogEntry {
  switch (kind) {
    case 'rules': {
      const origin = r.take('origin');
      const edition = r.take('edition');
      const resolution = r.take('resolution') as 'ms' | 's';
      const tieBreak = r.take('tie-break').split(',') as CriterionName[];
      const mode = r.take('allocation');
      let allocation: Allocation;
      if (mode === 'window-draw') {
        const windowSeconds = number(r.take('window'), 'window');
        const seedSha256 = r.take('seed-sha256');
        allocation =
          r.peek() === 'beacon'
            ? { mode, windowSeconds, seedSha256, beacon: r.take('beacon') }
            : { mode, windowSeconds, seedSha256 };
      } else {
        check(mode === 'chronological', 'allocation', mode);
        allocation = { mode: 'chronological' };
      }
      const counters: CounterWindow[] = [];
      while (r.peek() === 'counter') {
        const parts = r.take('counter').split(' ');
        check(parts.length === 4, 'counter', parts.join(' '));
        const [region, axis, opensAt, closesAt] = parts as [string, string, string, string];
        counters.push({ region, axis, opensAt, closesAt });
      }
      const applicationsSha256 = r.take('applications-sha256');
      const allocationsSha256 = r.take('allocations-sha256');
      return {
        kind,
        origin,
        edition,
        resolution,
        tieBreak,
        allocation,
        counters,
        applicationsSha256,
        allocationsSha256,
      };
    }
    case 'send':
      return { kind, token: r.take('token'), arrivalTime: r.take('arrival'), receiptId: r.take('receipt') };
    case 'annulment':
      return { kind, token: r.take('token'), annulledAt: r.take('annulled'), reasonSha256: r.take('reason-sha256') };
    case 'seal':
      return { kind, entries: number(r.take('entries'), 'entries'), sealedAt: r.take('sealed') };
    default:
      throw new EntryError(`unknown entry kind ${JSON.stringify(kind)}`);
  }
}

/**
 * Parses entry bytes (or text) strictly: anything that is not exactly the canonical text of a valid entry is an
 * {@link EntryError} — unknown or repeated keys, keys out of order, CR, tabs, double or trailing spaces, upper-case
 * hex, non-ASCII bytes, a missing final newline, another version.
 */
export function parseEntry(input: Uint8Array | string): LogEntry {
  const text = typeof input === 'string' ? input : fromUtf8(input);
  if (text === null) throw new EntryError('an entry is ASCII text');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && (c < 0x20 || c > 0x7e))
      throw new EntryError(`byte 0x${c.toString(16)} at ${i}: not printable ASCII`);
  }
  if (!text.endsWith('\n')) throw new EntryError('an entry ends with a newline');
  const [header, ...body] = text.slice(0, -1).split('\n') as [string, ...string[]];
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== ENTRY_VERSION) {
    throw new EntryError(`an entry starts with "${ENTRY_VERSION} <kind>"`);
  }
  const fields = body.map((line): [string, string] => {
    const at = line.indexOf(' ');
    if (at <= 0) throw new EntryError(`malformed line ${JSON.stringify(line)}`);
    return [line.slice(0, at), line.slice(at + 1)];
  });
  const reader = new Reader(fields);
  const entry = parseFields(header.slice(space + 1), reader);
  reader.end();
  const canonical = formatEntry(entry); // validates every value
  if (canonical !== text) throw new EntryError('not the canonical form of the entry');
  return entry;
}

// ---- helpers for the log and the verifier --------------------------------------------------------------------------

/**
 * The identity of an entry in its log: at most one entry per key. A repeated send (the queue delivers at least
 * once) or a repeated annulment of the same token is the same fact, not a new leaf.
 */
export function entryKey(entry: LogEntry): string {
  switch (entry.kind) {
    case 'rules':
    case 'seal':
      return entry.kind;
    case 'send':
    case 'annulment':
      return `${entry.kind} ${entry.token}`;
  }
}

/** The counter window that applies to an application: region + axis, then region, then axis, then `* *`. */
export function counterFor(rules: RulesEntry, regionSlug: string, axis: string): CounterWindow | null {
  const find = (region: string, ax: string) => rules.counters.find((c) => c.region === region && c.axis === ax);
  return find(regionSlug, axis) ?? find(regionSlug, '*') ?? find('*', axis) ?? find('*', '*') ?? null;
}
