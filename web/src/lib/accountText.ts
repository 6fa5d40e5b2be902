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

/** Messages for `?motivo=` on the login page: a first sentence, then what to do. */
export const LOGIN_REASONS: Record<string, { kind: 'warning' | 'info' | 'success'; text: string; more?: string[] }> = {
  'sessione-chiusa': {
    kind: 'warning',
    text: 'La sessione è stata chiusa perché è stato effettuato un nuovo accesso con le stesse credenziali, da questo o da un altro dispositivo. È consentita una sola sessione per volta.',
    more: [
      "Se sei stato tu: continua nella finestra o nel dispositivo dell'ultimo accesso, oppure accedi di nuovo qui (l'altra sessione sarà chiusa).",
      "Se non sei stato tu: qualcuno conosce la tua password e riceve i tuoi codici SMS. Accedi di nuovo subito, cambia la password con \"Password dimenticata\" e avvisa l'assistenza e l'amministratore dell'impresa: gli accessi contemporanei durante il click day sono registrati.",
    ],
  },
  scaduta: { kind: 'info', text: "La sessione è scaduta: effettuare di nuovo l'accesso." },
  annullata: {
    kind: 'warning',
    text: "Sessione chiusa: il codice è stato annullato dall'amministratore dell'impresa (reset del token), che ha cancellato la tua registrazione come partecipante.",
    more: [
      "Il tuo account non esiste più e non è possibile accedere con le vecchie credenziali. Se devi essere tu a inviare la domanda, chiedi chiarimenti all'amministratore dell'impresa e registrati di nuovo con il codice identificativo finché le registrazioni sono aperte.",
    ],
  },
  uscita: { kind: 'success', text: "Uscita dall'area riservata completata." },
  confermato: {
    kind: 'success',
    text: 'Indirizzo verificato. Ora puoi accedere: al primo accesso ti sarà chiesto il numero di cellulare.',
  },
  password: { kind: 'success', text: 'Password aggiornata. Ora puoi accedere con la nuova password.' },
};
