/**
 * Money (*importi*): decimal euros in files (CONTRACT "File formats"), integer euro cents everywhere else.
 * Conversions work on the digits, never through floating point, so `0.29` is exactly 29 cents.
 */

/** Euros with at most two decimals, `.` separator, no sign, no thousands separators. */
const EURO_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;

export type EuroCheck = { ok: true; cents: number } | { ok: false; message: string };

/** Parses `1234`, `1234.5`, `1234.56` into cents; refuses anything a safe integer cannot hold exactly. */
export function parseEuros(input: string): EuroCheck {
  const fast = centsFast(input);
  if (fast >= 0) return { ok: true, cents: fast };
  const match = EURO_PATTERN.exec(input);
  if (!match) {
    return {
      ok: false,
      message: `importo non valido ${JSON.stringify(input)}: usare cifre con al massimo 2 decimali e il punto come separatore (es. 1234.50), senza segno né separatori delle migliaia`,
    };
  }
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const cents = Number(whole) * 100 + Number(fraction);
  if (!Number.isSafeInteger(cents) || whole.replace(/^0+/, '').length > 13) {
    return { ok: false, message: `importo troppo grande ${JSON.stringify(input)}` };
  }
  return { ok: true, cents };
}

/** Prints cents as `^\d+\.\d{2}$`. */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a non-negative integer of cents: ${cents}`);
  const whole = Math.floor(cents / 100);
  const fraction = cents - whole * 100;
  return `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/**
 * The common shapes (`1234`, `1234.5`, `1234.50`, at most 13 integer digits) read digit by digit, -1 for anything
 * else (then the pattern decides, and says what is wrong): a file of a million amounts spends little here.
 */
function centsFast(input: string): number {
  const length = input.length;
  const dot = input.indexOf('.');
  const whole = dot === -1 ? length : dot;
  const decimals = dot === -1 ? 0 : length - dot - 1;
  if (whole === 0 || whole > 13 || (dot !== -1 && (decimals < 1 || decimals > 2))) return -1;
  let cents = 0;
  for (let i = 0; i < length; i++) {
    if (i === dot) continue;
    const digit = input.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    cents = cents * 10 + digit;
  }
  return decimals === 2 ? cents : decimals === 1 ? cents * 10 : cents * 100;
}
