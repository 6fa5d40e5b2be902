/**
 * The published lists' words (R18, R22c): each status code and tie-break criterion said in Italian, the same on the
 * HTML page and in the public CSV (the JSON keeps the codes).
 */
import type { Criterion } from './editions.ts';
import type { RowStatus } from './ranking.ts';

export const STATUS_WORDS: Record<RowStatus, string> = {
  UTILE: 'In posizione utile',
  CARENZA_FONDI: 'Non ammissibile per carenza di fondi',
  NCD: 'Ammessa (elenco NCD)',
  ANNULLATA: 'Annullata',
  AMMISSIBILE_DEFINITIVA: 'Ammissibile definitivamente',
  DECADUTA: 'Decaduta',
  SUBENTRATA: 'Subentrata',
  NON_AMMISSIBILE_CARENZA_FONDI: 'Non ammissibile per carenza di fondi',
};

export const CRITERION_WORDS: Readonly<Record<Criterion, string>> & Readonly<Record<string, string | undefined>> = {
  registered_at: 'registrazione della domanda anteriore',
  requested_eur: 'contributo richiesto inferiore',
  project_eur: 'importo del progetto superiore',
  cciaa_date: 'iscrizione CCIAA più risalente',
  legality_rating: 'rating di legalità',
  workers: 'maggior numero di lavoratori coinvolti',
  token: 'codice identificativo (ordine finale)',
  // Not a criterion: the window draw of an edition allocated by `window-draw` (docs/transparency.md).
  draw: 'sorteggio tra gli invii della finestra iniziale',
};

/** `provvisorio` / `definitivo`: in file names and paths. */
export const stageWord = (definitive: boolean) => (definitive ? 'definitivo' : 'provvisorio');
