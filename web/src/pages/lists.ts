/**
 * The index of the published lists (`GET /lists`): one row per region × axis, provisional or definitive, with its
 * page and its downloads (saved as `elenco-<regione>-asse-<asse>-provvisorio.csv`), then what the files contain.
 * On a narrow screen each row is a block of its own (no sideways scrolling to reach the downloads).
 */
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { euros, romeDateTime } from '../lib/format.ts';
import {
  downloads,
  EDITION_WORDS,
  FILE_COLUMNS,
  type IndexList,
  KIND_WORDS,
  type ListsIndex,
  listPageUrl,
  STATUS_WORDS,
  stageTitle,
} from '../lib/lists.ts';
import { count } from '#domain/kernel/plural';

function table(lists: IndexList[], caption: string): HTMLElement {
  const sorted = [...lists].sort(
    (a, b) => a.region.localeCompare(b.region, 'it') || a.axis.localeCompare(b.axis, 'it', { numeric: true }),
  );
  const headers = ['Elenco', 'Stato', 'Tipo', 'Stanziamento', 'Domande', 'Pubblicato', 'Scarica'];
  return el(
    'div',
    { class: 'table-responsive-stack mb-5' },
    el(
      'table',
      { class: 'table table-striped stack-table lists-table' },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        ...sorted.map((l) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, el('a', { href: listPageUrl(l) }, `${l.region}, asse ${l.axis}`)),
            el(
              'td',
              { 'data-label': 'Stato' },
              el(
                'span',
                { class: `badge ${l.definitive ? 'bg-success' : 'bg-warning text-dark'}` },
                stageTitle(l.definitive),
              ),
            ),
            el('td', { 'data-label': 'Tipo' }, KIND_WORDS[l.kind] ?? l.kind),
            el('td', { 'data-label': 'Stanziamento', class: 'text-lg-end' }, euros(l.allocationEur)),
            el('td', { 'data-label': 'Domande', class: 'text-lg-end' }, String(l.rows)),
            el('td', { 'data-label': 'Pubblicato' }, romeDateTime(l.publishedAt)),
            el('td', { 'data-label': 'Scarica' }, downloads(l)),
          ),
        ),
      ),
    ),
  );
}

/** What the CSV and JSON files contain: the columns, the JSON names and the status codes. */
function formats(): HTMLElement {
  return el(
    'section',
    { 'aria-labelledby': 'formato-titolo', class: 'mt-5' },
    el('h2', { id: 'formato-titolo', class: 'h4' }, 'Formato dei file'),
    el(
      'p',
      {},
      'Il file CSV (UTF-8, separatore virgola) ha le intestazioni e gli esiti in italiano, per aprirlo con un foglio di calcolo; il file JSON, per i programmi, ha gli stessi dati con nomi dei campi e codici di esito stabili. I nomi dei file dicono se l\u2019elenco è provvisorio o definitivo.',
    ),
    el(
      'div',
      { class: 'table-responsive-stack' },
      el(
        'table',
        { class: 'table table-sm stack-table' },
        el('caption', {}, 'Colonne del CSV e campi del JSON'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Colonna CSV'),
            el('th', { scope: 'col' }, 'Campo JSON'),
            el('th', { scope: 'col' }, 'Significato'),
          ),
        ),
        el(
          'tbody',
          {},
          ...FILE_COLUMNS.map(([csv, json, meaning]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, csv),
              el('td', { 'data-label': 'Campo JSON' }, el('code', {}, json)),
              el('td', { 'data-label': 'Significato' }, meaning),
            ),
          ),
        ),
      ),
    ),
    el('h3', { class: 'h5 mt-4' }, 'Codici di esito nel JSON'),
    el(
      'ul',
      {},
      ...Object.entries(STATUS_WORDS).map(([code, words]) => el('li', {}, el('code', {}, code), `: ${words}`)),
    ),
  );
}

async function main() {
  const { body } = await call<ListsIndex>('GET', '/lists');
  if (body.lists.length === 0) {
    replaceApp(
      alertBox(
        'info',
        'Nessun elenco è stato ancora pubblicato. Gli elenchi provvisori sono pubblicati entro 14 giorni dalla chiusura dello sportello.',
      ),
      formats(),
    );
    return;
  }
  const groups = new Map<string, IndexList[]>();
  for (const l of body.lists) {
    const key = `${l.edition}|${l.definitive ? 'D' : 'P'}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  replaceApp(
    body.updatedAt ? el('p', {}, `Ultimo aggiornamento: ${romeDateTime(body.updatedAt)} (ora italiana).`) : null,
    el(
      'p',
      {},
      'Gli elenchi provvisori ordinano le domande inviate per orario di arrivo; gli elenchi definitivi ne riportano l\u2019esito dopo la verifica dei documenti e la redistribuzione dei fondi.',
    ),
    ...ordered.map(([key, lists]) => {
      const [edition = '', stage] = key.split('|');
      const title = `${EDITION_WORDS[edition] ?? edition}: elenchi ${stage === 'D' ? 'definitivi' : 'provvisori'}`;
      return el('section', {}, el('h2', { class: 'h4 mt-4' }, title), table(lists, `${title} (${lists.length})`));
    }),
    el('h2', { class: 'h4 mt-4' }, 'Pubblicazioni'),
    el(
      'ul',
      {},
      ...body.publications.map((p) =>
        el(
          'li',
          {},
          `${romeDateTime(p.publishedAt)}: ${EDITION_WORDS[p.edition] ?? p.edition}, ${count(p.lists, 'elenco', 'elenchi')} ${p.definitive ? (p.lists === 1 ? 'definitivo' : 'definitivi') : p.lists === 1 ? 'provvisorio' : 'provvisori'}, orari al ${p.resolution === 's' ? 'secondo' : 'millesimo di secondo'} (pubblicazione ${p.publicationId})`,
          p.redistribution
            ? el(
                'span',
                {},
                '. Nuovo stanziamento a seguito della redistribuzione: ',
                el('a', { href: p.redistribution.allocationTable.csv }, 'CSV'),
                ' · ',
                el('a', { href: p.redistribution.allocationTable.json }, 'JSON'),
                '; trasferimenti: ',
                el('a', { href: p.redistribution.transfers.csv }, 'CSV'),
                ' · ',
                el('a', { href: p.redistribution.transfers.json }, 'JSON'),
              )
            : null,
        ),
      ),
    ),
    formats(),
  );
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
