/**
 * Field rules shared by the operator CSV files. Each returns the value or an Italian message; none uses `Date`
 * parsing, whose leniency (and two-digit-year quirks) would accept what the contract refuses.
 */
import { parseRegion, type Region } from '#domain/kernel/geography';

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = <T>(message: string): Check<T> => ({ ok: false, message });

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), exact integers. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, a real calendar date. */
export function calendarDate(text: string): Check<string> {
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const [y, m, d] = [digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)];
    if (y >= 0 && m >= 0 && d >= 0 && isCalendarDate(y, m, d)) return ok(text);
  }
  const m = DATE.exec(text);
  if (!m) return fail(`data non valida ${JSON.stringify(text)}: usare il formato AAAA-MM-GG`);
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])))
    return fail(`data inesistente ${JSON.stringify(text)}`);
  return ok(text);
}

export interface ExactInstant {
  /** Epoch milliseconds, floored. */
  ms: number;
  /** Nanoseconds within that millisecond. */
  nanos: number;
}

const INSTANT_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/**
 * ISO 8601 date-time with `Z` or a numeric offset (`+01:00`, `+0100`); seconds and up to 9 fractional digits
 * optional. Sub-millisecond digits are kept (as nanoseconds) so that ordering uses the instant exactly as written.
 */
export function instantWithOffset(text: string): Check<ExactInstant> {
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */) {
    const ms = utcMillisFast(text);
    if (ms !== undefined) return ok({ ms, nanos: 0 });
  }
  const m = INSTANT_WITH_OFFSET.exec(text);
  if (!m) {
    return fail(
      `data e ora non valida ${JSON.stringify(text)}: usare ISO 8601 con fuso orario, es. 2026-03-02T10:15:30.123+01:00 oppure ...Z`,
    );
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? '0');
  const fraction = (m[7] ?? '').padEnd(9, '0');
  if (!isCalendarDate(year, month, day)) return fail(`data inesistente in ${JSON.stringify(text)}`);
  if (hour > 23 || minute > 59 || second > 59) return fail(`ora inesistente in ${JSON.stringify(text)}`);
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return fail(`fuso orario non valido in ${JSON.stringify(text)}`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const ms =
    ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 +
    second * 1000 +
    Number(fraction.slice(0, 3));
  return ok({ ms, nanos: Number(fraction.slice(3)) });
}

/** The decimal number written by `text[from, to)`, -1 unless every character there is a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Where `YYYY-MM-DDTHH:MM:SS.mmmZ` has its separators, and which: position, character code. */
const SEPARATORS = [4, 45, 7, 45, 10, 84, 13, 58, 16, 58, 19, 46, 23, 90];

/**
 * `YYYY-MM-DDTHH:MM:SS.mmmZ`, a real date and time, read digit by digit (undefined for anything else: the pattern
 * then decides and says what is wrong). The shape of every recorded arrival, and the usual one of `registered_at`.
 */
function utcMillisFast(text: string): number | undefined {
  if (text.length !== 24) return undefined;
  for (let k = 0; k < SEPARATORS.length; k += 2) {
    if (text.charCodeAt(SEPARATORS[k] as number) !== SEPARATORS[k + 1]) return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  const millis = digits(text, 20, 23);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return undefined;
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

const ARRIVAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;

/** ISO 8601 UTC with exactly three fractional digits, as the platform records arrivals: `2026-10-26T09:00:00.123Z`. */
export function utcMillisInstant(text: string): Check<number> {
  const fast = utcMillisFast(text);
  if (fast !== undefined) return ok(fast);
  const m = ARRIVAL.exec(text);
  if (!m)
    return fail(
      `orario di arrivo non valido ${JSON.stringify(text)}: usare ISO 8601 UTC con millisecondi, es. 2026-10-26T09:00:00.123Z`,
    );
  const [year, month, day, hour, minute, second, millis] = [1, 2, 3, 4, 5, 6, 7].map((i) =>
    Number(m[i]),
  ) as number[] as [number, number, number, number, number, number, number];
  if (!isCalendarDate(year, month, day)) return fail(`data inesistente in ${JSON.stringify(text)}`);
  if (hour > 23 || minute > 59 || second > 59) return fail(`ora inesistente in ${JSON.stringify(text)}`);
  return ok(((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis);
}

export function booleanFlag(text: string): Check<boolean> {
  if (text === 'true') return ok(true);
  if (text === 'false') return ok(false);
  return fail(`valore non valido ${JSON.stringify(text)}: usare true oppure false`);
}

export function count(text: string): Check<number> {
  if (!/^\d+$/.test(text))
    return fail(`numero non valido ${JSON.stringify(text)}: usare un intero maggiore o uguale a 0, senza segno`);
  const value = Number(text);
  return Number.isSafeInteger(value) ? ok(value) : fail(`numero troppo grande ${JSON.stringify(text)}`);
}

const PEC = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/;

/** A PEC address, stored lower-case (addresses are compared case-insensitively). */
export function pecAddress(text: string): Check<string> {
  return PEC.test(text) ? ok(text.toLowerCase()) : fail(`indirizzo PEC non valido ${JSON.stringify(text)}`);
}

export function requiredText(text: string, what: string): Check<string> {
  return text.trim().length > 0 ? ok(text) : fail(`${what} mancante`);
}

/** What a spreadsheet reads as the start of a formula (CSV injection): `=`, `+`, `-`, `@`, tab, carriage return. */
export const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Unicode bidirectional controls (embeddings, overrides, isolates and marks): they make a published name read
 * differently from the bytes it is made of ("Trojan Source"), so a list could show one company and hold another.
 */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The company name (*ragione sociale*) as it will be published in the lists: not blank, not starting like a
 * spreadsheet formula (after any leading spaces), no bidirectional control characters.
 */
export function companyName(text: string): Check<string> {
  const present = requiredText(text, 'ragione sociale');
  if (!present.ok) return present;
  if (FORMULA_START.test(text.replace(/^ +/, ''))) {
    return fail(
      `ragione sociale non ammessa ${JSON.stringify(text)}: non può iniziare con =, +, -, @ o un carattere di tabulazione (un foglio di calcolo la leggerebbe come formula); correggere il nome`,
    );
  }
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    // The message must not carry the control itself: it would reorder the operator's terminal line too.
    const shown = JSON.stringify(text.replace(new RegExp(BIDI_CONTROL.source, 'g'), (c) => `<${codePoint(c)}>`));
    return fail(
      `ragione sociale non ammessa ${shown}: contiene il carattere di controllo della direzione del testo ${codePoint(bidi[0])}, che ne altera la lettura; eliminarlo`,
    );
  }
  return present;
}

const codePoint = (c: string) => `U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;

/** `parseRegion` remembered per spelling: a file spells the same few regions a million times, and slugging is costly. */
export function cachedRegions(): (text: string) => Region | undefined {
  const known = new Map<string, Region | undefined>();
  return (text) => {
    if (known.has(text)) return known.get(text);
    const region = parseRegion(text);
    if (known.size < 10_000) known.set(text, region);
    return region;
  };
}
