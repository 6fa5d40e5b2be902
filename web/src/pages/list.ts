/**
 * One published list (region × axis): every row with its status in words, a search by token or company name, and the
 * CSV and JSON downloads. Rows are inserted as text only.
 */
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, param, replaceApp, setHeading } from '../lib/dom.ts';
import { euros, romeTimeWithMs } from '../lib/format.ts';
import { CRITERION_WORDS, EDITION_WORDS, KIND_WORDS, STATUS_WORDS } from '../lib/lists.ts';

interface Row {
  position: number | null;
  token: string;
  company_name: string;
  arrival_at: string | null;
  requested_eur: string;
  cumulative_eur: string | null;
  status: string;
  decided_by: string | null;
  reason?: string;
}

interface ListFile {
  edition: string;
  publishedAt?: string;
  resolution?: string;
  region: string;
  axis: string;
  allocationEur: string;
  kind: string;
  rows: Row[];
}

/** Rows drawn at once; a search narrows a long list. */
const SHOWN = 500;

function rowOf(r: Row): HTMLTableRowElement {
  const status = STATUS_WORDS[r.status] ?? r.status;
  return el(
    'tr',
    {},
    el('td', { class: 'text-end' }, r.position === null ? '—' : String(r.position)),
    el('td', { class: 'font-monospace text-break small' }, r.token),
    el('th', { scope: 'row' }, r.company_name),
    el('td', {}, r.arrival_at ? romeTimeWithMs(r.arrival_at) : '—'),
    el('td', { class: 'text-end' }, euros(r.requested_eur)),
    el('td', { class: 'text-end' }, r.cumulative_eur ? euros(r.cumulative_eur) : '—'),
    el('td', {}, r.reason ? `${status}: ${r.reason}` : status),
    el('td', {}, r.decided_by ? (CRITERION_WORDS[r.decided_by] ?? r.decided_by) : ''),
  );
}

async function main() {
  const edition = param('edizione');
  const region = param('regione');
  const axis = param('asse');
  if (!/^[a-z0-9]+$/.test(edition) || !/^[a-z0-9-]+$/.test(region) || !/^[0-9.]+$/.test(axis)) {
    replaceApp(
      alertBox('warning', "Elenco non indicato: sceglierlo dall'indice degli elenchi."),
      el('a', { href: '/elenchi/' }, 'Indice degli elenchi'),
    );
    return;
  }
  const base = `/lists/${edition}/${region}/${axis}`;
  const { body: list } = await call<ListFile>('GET', `${base}.json`);
  setHeading(`${list.region}, asse ${list.axis}`, false);
  document.title = `Elenco ${list.region}, asse ${list.axis} — Sportello click day`;
  const search = el('input', {
    id: 'ricerca',
    type: 'search',
    class: 'form-control',
    autocomplete: 'off',
    'aria-describedby': 'ricerca-aiuto',
  });
  const count = el('p', { 'aria-live': 'polite', id: 'conteggio' }, '');
  const tbody = el('tbody', {});
  const render = () => {
    const q = search.value.trim().toLowerCase();
    const matches = q
      ? list.rows.filter((r) => r.token.toLowerCase().includes(q) || r.company_name.toLowerCase().includes(q))
      : list.rows;
    tbody.replaceChildren(...matches.slice(0, SHOWN).map(rowOf));
    const more = matches.length > SHOWN ? ` Mostrate le prime ${SHOWN}: restringere la ricerca.` : '';
    count.textContent = q
      ? `${matches.length === 1 ? '1 domanda trovata' : `${matches.length} domande trovate`} su ${list.rows.length}.${more}`
      : `${list.rows.length} domande nell'elenco.${more}`;
  };
  search.addEventListener('input', render);
  replaceApp(
    el(
      'p',
      { class: 'lead' },
      `${EDITION_WORDS[list.edition] ?? list.edition} · ${KIND_WORDS[list.kind] ?? list.kind} · stanziamento ${euros(list.allocationEur)}`,
    ),
    el(
      'p',
      {},
      'Scarica: ',
      el('a', { href: `${base}.csv`, download: '' }, 'CSV'),
      ' · ',
      el('a', { href: `${base}.json` }, 'JSON'),
      ' · ',
      el('a', { href: '/elenchi/' }, "torna all'indice"),
    ),
    el(
      'div',
      { class: 'form-group mb-3', role: 'search' },
      el('label', { for: 'ricerca', class: 'active' }, 'Cerca per codice identificativo o ragione sociale'),
      search,
      el(
        'div',
        { class: 'form-text', id: 'ricerca-aiuto' },
        'Basta una parte del codice o del nome; maiuscole e minuscole sono indifferenti.',
      ),
    ),
    count,
    el(
      'div',
      { class: 'table-responsive' },
      el(
        'table',
        { class: 'table table-striped table-sm' },
        el('caption', {}, `Elenco cronologico ${list.region}, asse ${list.axis}`),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...[
              'Posizione',
              'Codice identificativo',
              'Ragione sociale',
              'Arrivo',
              'Contributo richiesto',
              'Cumulato',
              'Esito',
              'Criterio di spareggio',
            ].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        tbody,
      ),
    ),
  );
  render();
}

main().catch((error: unknown) =>
  replaceApp(alertBox('danger', messageOf(error)), el('a', { href: '/elenchi/' }, 'Indice degli elenchi')),
);
