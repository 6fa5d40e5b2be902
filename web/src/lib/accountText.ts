/** Words that differ between the two portals' account pages. */
import type { Portal } from './session.ts';

export const ADDRESS_LABEL: Record<Portal, string> = {
  participant: 'Indirizzo di posta elettronica',
  admin: 'Indirizzo PEC',
};

/** Under the address field of the login page. */
export const ADDRESS_HELP: Record<Portal, string> = {
  participant: "L'indirizzo e-mail con cui ti sei registrato.",
  admin: 'La PEC primaria indicata nella domanda (deve ricevere anche posta ordinaria).',
};

/** Under the address field of the registration page. */
export const REGISTER_ADDRESS_HELP: Record<Portal, string> = {
  participant: 'Riceverai a questo indirizzo il codice di verifica; ogni indirizzo vale per una sola registrazione.',
  admin: 'La PEC primaria indicata nella domanda (deve ricevere anche posta ordinaria).',
};

/** Messages for `?motivo=` on the login page. */
export const LOGIN_REASONS: Record<string, { kind: 'warning' | 'info' | 'success'; text: string }> = {
  'sessione-chiusa': {
    kind: 'warning',
    text: 'La sessione è stata chiusa perché è stato effettuato un nuovo accesso con le stesse credenziali. È consentita una sola sessione per volta: accedere di nuovo solo se sei tu ad averla chiusa.',
  },
  scaduta: { kind: 'info', text: "La sessione è scaduta: effettuare di nuovo l'accesso." },
  uscita: { kind: 'success', text: "Uscita dall'area riservata completata." },
  confermato: {
    kind: 'success',
    text: 'Indirizzo verificato. Ora puoi accedere: al primo accesso ti sarà chiesto il numero di cellulare.',
  },
  password: { kind: 'success', text: 'Password aggiornata. Ora puoi accedere con la nuova password.' },
};
