/**
 * The HTML page of one published list (R18), in Italian, self-contained (no script, inline style), every value
 * escaped. Statuses are said in words; money in Italian notation; arrival instants in UTC with milliseconds, as
 * recorded, with Rome time beside them for readers.
 */
import { EDITIONS, type EditionId } from './editions.ts';
import { toRomeIso } from '#domain/kernel/instant';
import { CRITERION_WORDS, STATUS_WORDS } from './list-words.ts';
import type { PublicationMeta, PublishedList, PublishedRow } from './publication.ts';

export { STATUS_WORDS } from './list-words.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** `1234567.80` → `1.234.567,80 €` (digits only: the amount is already exact). */
export function formatEurosItalian(euros: string): string {
  const [whole = '0', cents = '00'] = euros.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents} €`;
}

const DEFINITIVE_NOTE =
  'Elenco definitivo: ammissibili definitivamente le domande in posizione utile che hanno inviato i documenti; decadute quelle che non li hanno inviati; subentrate quelle ammesse con i fondi liberati e redistribuiti, che devono inviare i documenti; le altre restano non ammissibili per carenza di fondi.';

export interface ListPageLinks {
  json: string;
  csv: string;
  index: string;
}

export function renderListHtml(list: PublishedList, meta: PublicationMeta, links: ListPageLinks): string {
  const definitive = meta.definitive === true;
  const title = `Elenco cronologico ${definitive ? 'definitivo' : 'provvisorio'} — ${list.region}, asse ${list.axis}`;
  const edition = EDITIONS[meta.edition as EditionId];
  const kind =
    list.kind === 'NCD'
      ? 'Elenco NCD: le richieste non superano lo stanziamento, le domande sono ammesse senza click day, in ordine di registrazione.'
      : `Ordine di arrivo degli invii (risoluzione: ${meta.resolution === 's' ? 'secondo' : 'millisecondo'}); a parità, i criteri del bando (${edition.source}).`;
  const head = [
    '<!doctype html>',
    '<html lang="it">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} — Sportello</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}' +
      'th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}' +
      'caption{text-align:left;font-weight:bold;margin-bottom:.5rem}code{font-size:.8em;word-break:break-all}</style>',
    '</head>',
    '<body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<dl>',
    `<dt>Bando</dt><dd>${escapeHtml(edition.source)} (${escapeHtml(meta.edition)})</dd>`,
    `<dt>${definitive ? 'Stanziamento iniziale' : 'Stanziamento'}</dt><dd>${escapeHtml(formatEurosItalian(list.allocationEur))}</dd>`,
    ...(list.newAllocationEur === undefined
      ? []
      : [
          `<dt>Nuovo stanziamento a seguito della redistribuzione</dt><dd>${escapeHtml(formatEurosItalian(list.newAllocationEur))}</dd>`,
        ]),
    `<dt>Domande in elenco</dt><dd>${list.rows.length}</dd>`,
    `<dt>Pubblicazione</dt><dd>${escapeHtml(meta.publishedAt)} (ora italiana ${escapeHtml(toRomeIso(Date.parse(meta.publishedAt)))}), identificativo ${escapeHtml(meta.publicationId)}</dd>`,
    '</dl>',
    `<p>${escapeHtml(kind)}</p>`,
    ...(definitive ? [`<p>${escapeHtml(DEFINITIVE_NOTE)}</p>`] : []),
    `<p>Scarica: <a href="${escapeHtml(links.csv)}">CSV</a> · <a href="${escapeHtml(links.json)}">JSON</a> · <a href="${escapeHtml(links.index)}">tutti gli elenchi</a></p>`,
    '<table>',
    `<caption>${escapeHtml(title)}</caption>`,
    '<thead><tr><th scope="col">Posizione</th><th scope="col">Codice identificativo</th><th scope="col">Ragione sociale</th>' +
      '<th scope="col">Arrivo (UTC)</th><th scope="col">Contributo richiesto</th><th scope="col">Importo cumulato</th>' +
      '<th scope="col">Esito</th><th scope="col">Criterio di precedenza</th><th scope="col">Motivo</th></tr></thead>',
    '<tbody>',
  ];
  const rows = list.rows.map(rowHtml);
  const tail = ['</tbody></table>', '</main></body></html>', ''];
  return [...head, ...rows, ...tail].join('\n');
}

function rowHtml(row: PublishedRow): string {
  const cells = [
    `<td class="n">${row.position ?? '—'}</td>`,
    `<td><code>${escapeHtml(row.token)}</code></td>`,
    `<td>${escapeHtml(row.company_name)}</td>`,
    `<td>${row.arrival_at ? escapeHtml(row.arrival_at) : '—'}</td>`,
    `<td class="n">${escapeHtml(formatEurosItalian(row.requested_eur))}</td>`,
    `<td class="n">${row.cumulative_eur ? escapeHtml(formatEurosItalian(row.cumulative_eur)) : '—'}</td>`,
    `<td>${escapeHtml(STATUS_WORDS[row.status])}</td>`,
    `<td>${row.decided_by ? escapeHtml(CRITERION_WORDS[row.decided_by] ?? row.decided_by) : ''}</td>`,
    `<td>${row.reason ? escapeHtml(row.reason) : ''}</td>`,
  ];
  return `<tr>${cells.join('')}</tr>`;
}
