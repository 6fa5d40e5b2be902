/** The timetable (R2) as a table in Rome time: the counter's information page and the public calendar. */
import { MOMENT_KEYS, MOMENT_NAMES, type Moments } from './clock.ts';
import { el } from './dom.ts';
import { romeDateTime } from './format.ts';

/** `nowMs` marks the Momenti already passed and the next one. */
export function momentsTable(moments: Moments, registrationCloses: string | null, nowMs?: number): HTMLElement {
  const rows = MOMENT_KEYS.map((key, i) => ({
    name: `Momento ${i + 1}`,
    what: MOMENT_NAMES[key],
    at: Date.parse(moments[key]),
  }));
  if (registrationCloses) {
    rows.push({
      name: 'Registrazioni',
      what: 'chiusura delle registrazioni e del reset del token',
      at: Date.parse(registrationCloses),
    });
    rows.sort((a, b) => a.at - b.at);
  }
  const next = nowMs === undefined ? undefined : rows.find((r) => r.at > nowMs);
  return el(
    'div',
    { class: 'table-responsive-stack' },
    el(
      'table',
      { class: 'table table-sm stack-table moments-table' },
      el('caption', {}, 'Tabella temporale (ora italiana)'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Momento'),
          el('th', { scope: 'col' }, 'Che cosa succede'),
          el('th', { scope: 'col' }, 'Data e ora'),
          nowMs === undefined ? null : el('th', { scope: 'col' }, 'Stato'),
        ),
      ),
      el(
        'tbody',
        {},
        ...rows.map((r) =>
          el(
            'tr',
            r === next ? { class: 'moment-next' } : {},
            el('th', { scope: 'row' }, r.name),
            el('td', { 'data-label': 'Che cosa succede' }, r.what),
            el('td', { 'data-label': 'Data e ora' }, romeDateTime(r.at)),
            nowMs === undefined
              ? null
              : el(
                  'td',
                  { 'data-label': 'Stato' },
                  r.at <= nowMs ? 'passato' : r === next ? el('strong', {}, 'il prossimo') : 'da venire',
                ),
          ),
        ),
      ),
    ),
  );
}
