/**
 * Instants as the operator types them and as participants read them. The platform stores and compares instants as
 * UTC epoch milliseconds; the published *Momenti* are Rome time, so display goes through Europe/Rome.
 */
export const ROME_TIME_ZONE = 'Europe/Rome';

export type InstantParse = { ok: true; ms: number } | { ok: false; message: string };

// Date, `T`, hours and minutes, optional seconds and fraction, then a mandatory zone: `Z` or ±hh:mm / ±hhmm / ±hh.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

const EXAMPLE = '2026-10-26T11:00:00+01:00 oppure 2026-10-26T10:00:00Z';

/**
 * Parses an ISO 8601 instant that carries `Z` or a UTC offset. A naive local time is refused: "11:00" means
 * different instants in winter and summer in Rome, and the operator must say which one is meant.
 */
export function parseInstant(input: string): InstantParse {
  const text = input.trim();
  const m = ISO_INSTANT.exec(text);
  if (!m) {
    return { ok: false, message: `"${text}" non è un istante nel formato ISO 8601 (esempio: ${EXAMPLE}).` };
  }
  const [, y, mo, d, h, mi, s = '0', frac = '', zulu, sign, oh, om = '0'] = m;
  if (!zulu && !sign) {
    return {
      ok: false,
      message: `L'istante "${text}" non indica il fuso orario: aggiungere Z (UTC) o lo scarto da UTC, ad esempio ${EXAMPLE}.`,
    };
  }
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(local);
  const calendarOk =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  if (!calendarOk || Number(oh ?? 0) > 23 || Number(om) > 59) {
    return { ok: false, message: `"${text}" non è una data e ora esistente.` };
  }
  // Milliseconds are the platform's resolution; finer digits are cut, never rounded up into the next millisecond.
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return { ok: true, ms: local + ms - offsetMinutes * 60_000 };
}

/** ISO 8601 UTC with milliseconds, as the API prints every time (`2026-10-26T10:00:00.000Z`). */
export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

const romeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The same instant as Rome wall-clock time with its offset: `2026-10-26T11:00:00.000+01:00` (for `timetable show`). */
export function toRomeIso(ms: number): string {
  const parts = Object.fromEntries(romeParts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const millis = ((ms % 1000) + 1000) % 1000;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
    millis,
  );
  const offset = Math.round((wall - ms) / 60_000);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  const stamp = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  return `${stamp}.${String(millis).padStart(3, '0')}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

const romeDisplay = new Intl.DateTimeFormat('it-IT', {
  timeZone: ROME_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Italian wording for a participant, in Rome time: `lunedì 26 ottobre 2026 alle ore 11:00:00`. */
export function formatRome(ms: number): string {
  return romeDisplay.format(new Date(ms));
}
