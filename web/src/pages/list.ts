/**
 * One published list (region × axis): provisional or definitive (from the index entry), every row with its status in
 * words, a search by token or company name, and the CSV and JSON downloads under their own heading, clear of the
 * search field. Rows are inserted as text only; on a narrow screen each row is a block of its own.
 */
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, param, replaceApp, setHeading } from '../lib/dom.ts';
import { euros, romeTimeWithMs } from '../lib/format.ts';
import {
  CRITERION_WORDS,
  downloads,
  EDITION_WORDS,
  type IndexList,
  KIND_WORDS,
  type ListsIndex,
  STATUS_WORDS,
  stageTitle,
} from '../lib/lists.ts';
import { count as countOf } from '#domain/kernel/plural';

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
  definitive?: boolean;
  rows: Row[];
}

/** Rows drawn at once; a search narrows a long list. */
const SHOWN = 500;

const HEADERS = [
  'Posizione',
  'Codice identificativo',
  'Ragione sociale',
  'Arrivo',
  'Contributo richiesto',
  'Cumulato',
  'Esito',
  'Criterio di spareggio',
];

function rowOf(r: Row): HTMLTableRowElement {
  const status = STATUS_WORDS[r.status] ?? r.status;
  const cell = (i: number, text: string, extra: Record<string, string> = {}) =>
    el('td', { 'data-label': HEADERS[i] as string, ...extra }, text);
  return el(
    'tr',
    {},
    cell(0, r.position === null ? '—' : String(r.position), { class: 'text-lg-end' }),
    cell(1, r.token, { class: 'font-monospace text-break small' }),
    el('th', { scope: 'row', 'data-label': 'Ragione sociale' }, r.company_name),
    cell(3, r.arrival_at ? romeTimeWithMs(r.arrival_at) : '—'),
    cell(4, euros(r.requested_eur), { class: 'text-lg-end' }),
    cell(5, r.cumulative_eur ? euros(r.cumulative_eur) : '—', { class: 'text-lg-end' }),
    cell(6, r.reason ? `${status}: ${r.reason}` : status),
    cell(7, r.decided_by ? (CRITERION_WORDS[r.decided_by] ?? r.decided_by) : '—'),
  );
}

/** The index entry of the list, for its stage and files; today's paths when the index does not have it. */
async function entryOf(edition: string, region: string, axis: string, definitive: boolean): Promise<IndexList> {
  const fallback: IndexList = {
    edition,
    region,
    regionSlug: region,
    axis,
    kind: '',
    allocationEur: '0.00',
    rows: 0,
    publicationId: '',
    publishedAt: '',
    urls: {
      json: `/lists/${edition}/${region}/${axis}.json`,
      csv: `/lists/${edition}/${region}/${axis}.csv`,
      html: `/lists/${edition}/${region}/${axis}.html`,
    },
  };
  try {
    const { body } = await call<ListsIndex>('GET', '/lists');
    const same = body.lists.filter((l) => l.edition === edition && l.regionSlug === region && l.axis === axis);
    return same.find((l) => Boolean(l.definitive) === definitive) ?? same[0] ?? fallback;
  } catch {
    return fallback;
  }
}

async function main() {
  const edition = param('edizione');
  const region = param('regione');
  const axis = param('asse');
  if (!/^[a-z0-9-]+$/.test(edition) || !/^[a-z0-9-]+$/.test(region) || !/^[0-9.]+$/.test(axis)) {
    replaceApp(
      alertBox('warning', "Elenco non indicato: sceglierlo dall'indice degli elenchi."),
      el('a', { href: '/elenchi/' }, 'Indice degli elenchi'),
    );
    return;
  }
  const entry = await entryOf(edition, region, axis, param('definitivo') === '1');
  const files = entry.files ?? entry.urls;
  const { body: list } = await call<ListFile>('GET', files.json, { public: true });
  const definitive = entry.definitive ?? list.definitive ?? false;
  const stage = stageTitle(definitive);
  const named: IndexList = { ...entry, region: list.region, axis: list.axis, definitive };
  setHeading(`${list.region}, asse ${list.axis}`, false);
  document.title = `${stage} ${list.region}, asse ${list.axis} — ${document.body.dataset.service ?? ''}`;
  const search = el('input', {
    id: 'ricerca',
    type: 'search',
    class: 'form-control list-search',
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
      ? `${countOf(matches.length, 'domanda trovata', 'domande trovate')} su ${list.rows.length}.${more}`
      : `${countOf(list.rows.length, 'domanda', 'domande')} nell'elenco.${more}`;
  };
  search.addEventListener('input', render);
  replaceApp(
    el(
      'p',
      { class: 'lead' },
      el('span', { class: `badge ${definitive ? 'bg-success' : 'bg-warning text-dark'} me-2` }, stage),
      `${EDITION_WORDS[list.edition] ?? list.edition} · ${KIND_WORDS[list.kind] ?? list.kind} · stanziamento ${euros(list.allocationEur)}`,
    ),
    definitive
      ? null
      : el(
          'p',
          {},
          "Elenco provvisorio: l'ordine è quello di arrivo delle domande; l'esito definitivo dipende dalla verifica dei documenti e sarà pubblicato negli elenchi definitivi.",
        ),
    el(
      'section',
      { class: 'list-files mb-4', 'aria-labelledby': 'scarica-titolo' },
      el('h2', { class: 'h5', id: 'scarica-titolo' }, 'Scarica questo elenco'),
      el('p', { class: 'mb-2' }, downloads(named)),
      el(
        'p',
        { class: 'small mb-0' },
        'Il CSV si apre con un foglio di calcolo; il JSON è per i programmi. ',
        el('a', { href: '/elenchi/#formato-titolo' }, 'Formato dei file'),
        ' · ',
        el('a', { href: '/elenchi/' }, "Torna all'indice degli elenchi"),
      ),
    ),
    el(
      'div',
      { class: 'mb-3', role: 'search' },
      el(
        'label',
        { for: 'ricerca', class: 'form-label fw-semibold' },
        'Cerca per codice identificativo o ragione sociale',
      ),
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
      { class: 'table-responsive-stack' },
      el(
        'table',
        { class: 'table table-striped table-sm stack-table' },
        el('caption', {}, `${stage} ${list.region}, asse ${list.axis}`),
        el('thead', {}, el('tr', {}, ...HEADERS.map((h) => el('th', { scope: 'col' }, h)))),
        tbody,
      ),
    ),
  );
  render();
}

main().catch((error: unknown) =>
  replaceApp(alertBox('danger', messageOf(error)), el('a', { href: '/elenchi/' }, 'Indice degli elenchi')),
);
