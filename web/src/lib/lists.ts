/**
 * Shared words of the public lists (R17–R18, R22): statuses and tie-break criteria in Italian, provisional or
 * definitive, and the files of each list. The index (`GET /api/lists`) gains per list `definitive` and
 * `files: {csv, json, html}` (Italian CSV named `elenco-<regione>-asse-<asse>-provvisorio.csv`); until it does, the
 * pages read a list without `definitive` as provisional and use `urls`, and the downloads still get that name.
 */
import { el } from './dom.ts';

export const STATUS_WORDS: Record<string, string> = {
  UTILE: 'In posizione utile',
  CARENZA_FONDI: 'Non ammissibile per carenza di fondi',
  NCD: 'Ammessa senza click day (elenco NCD)',
  ANNULLATA: 'Annullata',
  AMMISSIBILE_DEFINITIVA: 'Ammissibile definitivamente',
  DECADUTA: 'Decaduta',
  SUBENTRATA: 'Subentrata',
  NON_AMMISSIBILE_CARENZA_FONDI: 'Non ammissibile per carenza di fondi',
};

export const CRITERION_WORDS: Record<string, string> = {
  registered_at: 'registrazione della domanda più remota',
  requested_eur: 'contributo richiesto minore',
  project_eur: 'importo del progetto maggiore',
  cciaa_date: 'iscrizione alla CCIAA più remota',
  legality_rating: 'rating di legalità',
  workers: 'più lavoratori coinvolti',
  token: 'codice identificativo (ordine finale)',
};

export const KIND_WORDS: Record<string, string> = {
  CLICK_DAY: 'Click day',
  NCD: 'Senza click day (NCD)',
};

export const EDITION_WORDS: Record<string, string> = {
  isi2024: 'Bando ISI 2024',
  isi2012: 'Avviso pubblico 2012',
};

export interface ListFiles {
  json: string;
  csv: string;
  html: string;
}

export interface IndexList {
  edition: string;
  region: string;
  regionSlug: string;
  axis: string;
  kind: string;
  allocationEur: string;
  rows: number;
  publicationId: string;
  publishedAt: string;
  urls: ListFiles;
  /** Added by the API with the definitive lists (R22); absent = provisional. */
  definitive?: boolean;
  /** Added by the API: the published files, the CSV with Italian headers and file name. */
  files?: ListFiles;
}

export interface ListsIndex {
  updatedAt: string | null;
  lists: IndexList[];
  publications: {
    publicationId: string;
    publishedAt: string;
    edition: string;
    resolution: string;
    lists: number;
    definitive?: boolean;
    /** Definitive publications: the allocation table after the redistribution and the transfers. */
    redistribution?: { allocationTable: { csv: string; json: string }; transfers: { csv: string; json: string } };
  }[];
}

export const stageWord = (definitive: boolean | undefined) => (definitive ? 'definitivo' : 'provvisorio');
export const stageTitle = (definitive: boolean | undefined) =>
  definitive ? 'Elenco definitivo' : 'Elenco provvisorio';

/** The files of a list: the API's `files` when there, else today's `urls`. */
export const filesOf = (l: Pick<IndexList, 'urls' | 'files'>): ListFiles => l.files ?? l.urls;

/** "elenco-lazio-asse-3-provvisorio.csv": the name a download is saved as (also when the path ends in `3.csv`). */
export function downloadName(l: Pick<IndexList, 'regionSlug' | 'axis' | 'definitive'>, format: 'csv' | 'json'): string {
  return `elenco-${l.regionSlug}-asse-${l.axis}-${stageWord(l.definitive)}.${format}`;
}

export const listPageUrl = (l: Pick<IndexList, 'edition' | 'regionSlug' | 'axis'> & { definitive?: boolean }) =>
  `/elenchi/elenco/?edizione=${encodeURIComponent(l.edition)}&regione=${encodeURIComponent(l.regionSlug)}&asse=${encodeURIComponent(l.axis)}${l.definitive ? '&definitivo=1' : ''}`;

/** The CSV columns of the public files, in Italian, and what the JSON fields and codes mean (the lists pages). */
export const FILE_COLUMNS: [csv: string, json: string, meaning: string][] = [
  ['Posizione', 'position', 'posizione nell\u2019elenco, da 1; vuota per le domande annullate'],
  ['Codice identificativo', 'token', 'il codice di 65 caratteri della domanda'],
  ['Ragione sociale', 'company_name', 'l\u2019impresa che ha presentato la domanda'],
  [
    'Arrivo (UTC)',
    'arrival_at',
    'orario di arrivo sui sistemi dello sportello, UTC al millesimo di secondo; vuoto negli elenchi NCD',
  ],
  ['Importo richiesto (EUR)', 'requested_eur', 'contributo richiesto, in euro con il punto decimale'],
  ['Importo cumulato (EUR)', 'cumulative_eur', 'somma dei contributi richiesti fino a questa riga'],
  ['Esito', 'status', 'l\u2019esito in parole nel CSV, il codice nel JSON (vedi sotto)'],
  ['Criterio di spareggio', 'decided_by', 'il criterio che ha ordinato due domande arrivate nello stesso istante'],
];

/** The two download links of a list; the hidden words tell a screen reader which list they are for. */
export function downloads(l: IndexList): HTMLElement {
  const files = filesOf(l);
  const which = ` ${l.region} asse ${l.axis}, ${stageTitle(l.definitive).toLowerCase()}`;
  return el(
    'span',
    { class: 'list-downloads' },
    el(
      'a',
      { href: files.csv, download: downloadName(l, 'csv'), class: 'btn btn-outline-primary btn-xs download-link' },
      'CSV',
      el('span', { class: 'visually-hidden' }, which),
    ),
    el(
      'a',
      { href: files.json, download: downloadName(l, 'json'), class: 'btn btn-outline-primary btn-xs download-link' },
      'JSON',
      el('span', { class: 'visually-hidden' }, which),
    ),
  );
}
