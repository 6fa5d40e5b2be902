/** Shared words of the public lists (R17–R18): statuses and tie-break criteria in Italian. */
export const STATUS_WORDS: Record<string, string> = {
  UTILE: 'In posizione utile',
  CARENZA_FONDI: 'Non ammissibile per carenza di fondi',
  NCD: 'Ammessa senza click day (elenco NCD)',
  ANNULLATA: 'Annullata',
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
  urls: { json: string; csv: string; html: string };
}

export interface ListsIndex {
  updatedAt: string | null;
  lists: IndexList[];
  publications: { publicationId: string; publishedAt: string; edition: string; resolution: string; lists: number }[];
}

export const listPageUrl = (l: Pick<IndexList, 'edition' | 'regionSlug' | 'axis'>) =>
  `/elenchi/elenco/?edizione=${encodeURIComponent(l.edition)}&regione=${encodeURIComponent(l.regionSlug)}&asse=${encodeURIComponent(l.axis)}`;
