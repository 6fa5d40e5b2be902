/**
 * The privacy notice (*informativa sul trattamento dei dati personali*, GDPR art. 13, R21) shown with both
 * registration forms: what is collected, why, for how long, and the person's rights. Data, not markup, so the
 * portals render it and `GET /privacy` serves the same text.
 */
/**
 * How long the site's access logs (CloudFront's and the API's, which hold network addresses) are kept: the notice
 * says it, and the stacks set the logs' retention from this one number.
 */
export const ACCESS_LOG_DAYS = 90;

export interface PrivacyNotice {
  version: string;
  title: string;
  sections: readonly { heading: string; text: string }[];
}

export const PRIVACY_NOTICE: PrivacyNotice = {
  version: '2026-12-05',
  title: 'Informativa sul trattamento dei dati personali (art. 13 del Regolamento UE 2016/679)',
  sections: [
    {
      heading: 'Titolare del trattamento',
      text: "Il titolare del trattamento è l'ente che gestisce il bando e lo sportello informatico; i dati di contatto del titolare e del responsabile della protezione dei dati sono indicati nel bando.",
    },
    {
      heading: 'Dati trattati',
      text: "Per la registrazione: indirizzo e-mail (per l'amministratore, la PEC dell'impresa), nome, cognome, numero di cellulare per il secondo fattore di autenticazione, codice identificativo della domanda. Durante l'uso: data e ora degli accessi e dell'invio, indirizzo di rete di provenienza delle richieste.",
    },
    {
      heading: 'Finalità e base giuridica',
      text: "I dati sono trattati solo per gestire la registrazione, l'accesso con due fattori, l'invio della domanda allo sportello, la formazione degli elenchi cronologici e la verifica del rispetto delle regole del bando (ad esempio accessi contemporanei con le stesse credenziali). La base giuridica è l'esecuzione di un compito di interesse pubblico (art. 6, par. 1, lett. e del Regolamento).",
    },
    {
      heading: 'Conservazione',
      text: `I numeri di telefono, gli indirizzi e-mail e gli indirizzi di rete sono cancellati o resi irreversibilmente anonimi decorso il termine stabilito dal titolare dopo la pubblicazione degli elenchi definitivi; le registrazioni non confermate entro 24 ore sono cancellate. I log tecnici di accesso al sito (indirizzo di rete, pagina richiesta, orario) sono conservati per ${ACCESS_LOG_DAYS} giorni. Il registro delle operazioni (accessi, invii, reset) è conservato per il tempo necessario alla difesa degli elenchi.`,
    },
    {
      heading: 'Comunicazione dei dati',
      text: "I dati sono trattati dal personale autorizzato e dai fornitori dell'infrastruttura informatica nominati responsabili del trattamento; non sono diffusi. Negli elenchi pubblicati compaiono solo il codice identificativo e la ragione sociale dell'impresa.",
    },
    {
      heading: 'Diritti',
      text: "È possibile chiedere al titolare l'accesso ai propri dati, la rettifica, la cancellazione o la limitazione del trattamento e opporsi al trattamento (artt. 15-22 del Regolamento), nei limiti previsti per i procedimenti amministrativi in corso, e proporre reclamo al Garante per la protezione dei dati personali.",
    },
    {
      heading: 'Obbligatorietà',
      text: 'Il conferimento dei dati è necessario per partecipare allo sportello: senza di essi la registrazione non può essere completata.',
    },
  ],
};
