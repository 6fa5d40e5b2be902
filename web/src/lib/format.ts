/** Dates, times and amounts as an Italian reader expects them; the counter's instants are UTC on the wire. */
import { formatRome, ROME_TIME_ZONE as ROME } from '#domain/kernel/instant';
import { count } from '#domain/kernel/plural';

const clock = new Intl.DateTimeFormat('it-IT', {
  timeZone: ROME,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "lunedì 26 ottobre 2026, 10:00:00" (ora italiana). */
export function romeDateTime(instant: string | number): string {
  return formatRome(new Date(instant).getTime());
}

/** "10:00:00,123 ora italiana": the Rome wall clock with milliseconds. */
export function romeTimeWithMs(instant: string): string {
  const d = new Date(instant);
  return `${romeDateTime(instant)},${String(d.getUTCMilliseconds()).padStart(3, '0')} (ora italiana)`;
}

export function romeClock(ms: number): string {
  return clock.format(new Date(ms));
}

/** "2 g 01:02:05" / "1:02:05" / "02:05" countdown text for the screen, and a sentence for screen readers. */
export function countdown(ms: number): { display: string; spoken: string } {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const display =
    d > 0 ? `${d} g ${two(h)}:${two(m)}:${two(s)}` : h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
  const parts = [
    d ? count(d, 'giorno', 'giorni') : '',
    h ? count(h, 'ora', 'ore') : '',
    m ? count(m, 'minuto', 'minuti') : '',
    d ? '' : count(s, 'secondo', 'secondi'),
  ];
  return { display, spoken: parts.filter(Boolean).join(' e ') || '0 secondi' };
}

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });
/** "1234.50" (CONTRACT decimal euros) → "1.234,50 €". */
export function euros(decimal: string | null): string {
  if (decimal === null || decimal === '') return '';
  return euro.format(Number(decimal));
}
