/** The index of the published lists (`GET /lists`): one row per region × axis, with its page and downloads. */
import { call, messageOf } from '../lib/api.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { euros, romeDateTime } from '../lib/format.ts';
import { EDITION_WORDS, type IndexList, KIND_WORDS, type ListsIndex, listPageUrl } from '../lib/lists.ts';

function table(lists: IndexList[], edition: string): HTMLElement {
  const sorted = [...lists].sort(
    (a, b) => a.region.localeCompare(b.region, 'it') || a.axis.localeCompare(b.axis, 'it', { numeric: true }),
  );
  return el(
    'div',
    { class: 'table-responsive' },
    el(
      'table',
      { class: 'table table-striped' },
      el('caption', {}, `${EDITION_WORDS[edition] ?? edition}: ${lists.length} elenchi`),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Regione o provincia autonoma', 'Asse', 'Tipo', 'Stanziamento', 'Domande', 'Pubblicato', 'Scarica'].map(
            (h) => el('th', { scope: 'col' }, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ...sorted.map((l) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, el('a', { href: listPageUrl(l) }, `${l.region}, asse ${l.axis}`)),
            el('td', {}, l.axis),
            el('td', {}, KIND_WORDS[l.kind] ?? l.kind),
            el('td', { class: 'text-end' }, euros(l.allocationEur)),
            el('td', { class: 'text-end' }, String(l.rows)),
            el('td', {}, romeDateTime(l.publishedAt)),
            el(
              'td',
              {},
              el(
                'a',
                { href: l.urls.csv, download: '' },
                'CSV',
                el('span', { class: 'visually-hidden' }, ` ${l.region} asse ${l.axis}`),
              ),
              ' · ',
              el(
                'a',
                { href: l.urls.json },
                'JSON',
                el('span', { class: 'visually-hidden' }, ` ${l.region} asse ${l.axis}`),
              ),
            ),
          ),
        ),
      ),
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
    );
    return;
  }
  const editions = [...new Set(body.lists.map((l) => l.edition))];
  replaceApp(
    body.updatedAt ? el('p', {}, `Ultimo aggiornamento: ${romeDateTime(body.updatedAt)} (ora italiana).`) : null,
    ...editions.map((e) =>
      table(
        body.lists.filter((l) => l.edition === e),
        e,
      ),
    ),
    el('h2', { class: 'h4 mt-4' }, 'Pubblicazioni'),
    el(
      'ul',
      {},
      ...body.publications.map((p) =>
        el(
          'li',
          {},
          `${romeDateTime(p.publishedAt)}: ${EDITION_WORDS[p.edition] ?? p.edition}, ${p.lists} elenchi, orari al ${p.resolution === 's' ? 'secondo' : 'millesimo di secondo'} (pubblicazione ${p.publicationId})`,
        ),
      ),
    ),
  );
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
