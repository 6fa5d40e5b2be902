/**
 * Every page of the site: its path under `/`, the constant text around it and the page script that fills `#app`.
 * The account pages are the same scripts for both portals (`data-portal` on <body> tells them which).
 */
export interface Page {
  /** Directory of the page, '' for the home page: served as `/<path>index.html`. */
  path: string;
  title: string;
  description: string;
  portal?: 'participant' | 'admin';
  /** `web/src/pages/<script>.ts`; none for static pages. */
  script?: string;
  /** Constant HTML of <main>. */
  main: string;
}

const NOSCRIPT =
  '<noscript><div class="alert alert-warning" role="alert">Per usare questa pagina è necessario attivare JavaScript nel browser.</div></noscript>';

/** A page whose content the script builds under its constant heading. */
const app = (heading: string, intro = '') =>
  `<h1 id="titolo">${heading}</h1>${intro ? `<p class="lead">${intro}</p>` : ''}${NOSCRIPT}<div id="app"></div>`;

const HOME = `
      <h1 id="titolo">Sportello informatico per l'invio delle domande</h1>
      <p class="lead">Nel click day le domande di contributo sono ordinate in base all'orario di arrivo sui sistemi dello sportello. Scegliere l'area in cui operare.</p>
      <div class="row g-4 mt-2">
        <div class="col-md-4">
          <div class="card card-bg h-100"><div class="card-body">
            <h2 class="card-title h4"><a href="/partecipante/">Area partecipante</a></h2>
            <p class="card-text">Per chi invia la domanda nel click day: registrazione con il codice identificativo della domanda, accesso con password e codice SMS, pagina di prova, sala di attesa, invio e ricevuta.</p>
          </div></div>
        </div>
        <div class="col-md-4">
          <div class="card card-bg h-100"><div class="card-body">
            <h2 class="card-title h4"><a href="/amministratore/">Area amministratore</a></h2>
            <p class="card-text">Per l'impresa, con la PEC primaria indicata nella domanda: vedere chi è registrato come partecipante per ogni domanda ed eseguire il reset del token.</p>
          </div></div>
        </div>
        <div class="col-md-4">
          <div class="card card-bg h-100"><div class="card-body">
            <h2 class="card-title h4"><a href="/elenchi/">Elenchi cronologici</a></h2>
            <p class="card-text">Gli elenchi pubblicati per regione o provincia autonoma e per asse di finanziamento, con ricerca e scaricamento in CSV e JSON.</p>
          </div></div>
        </div>
      </div>
      <h2 class="h4 mt-5">Come funziona</h2>
      <ol>
        <li>Dal Momento 2: registrazione del partecipante (e, se serve, dell'amministratore) e configurazione del numero di cellulare per il secondo fattore di autenticazione.</li>
        <li>Prima del Momento 4: pagina informativa e pagina di prova, con le stesse dimensioni del modulo di invio.</li>
        <li>Dal Momento 4: accesso alla sala di attesa, con il conto alla rovescia sull'orario del server.</li>
        <li>Dal Momento 5 al Momento 6: il modulo di invio è visibile aggiornando la pagina; l'invio termina con il messaggio di presa in carico e una ricevuta firmata.</li>
      </ol>
      <p>Non è consentito utilizzare strumenti automatici di invio, né aprire più di una sessione con le stesse credenziali.</p>`;

type PortalDir = { portal: 'participant' | 'admin'; dir: string; who: string; address: string };
const PORTALS: PortalDir[] = [
  { portal: 'participant', dir: 'partecipante', who: 'del partecipante', address: "l'indirizzo e-mail" },
  { portal: 'admin', dir: 'amministratore', who: "dell'amministratore", address: 'la PEC primaria' },
];

function accountPages({ portal, dir, who, address }: PortalDir): Page[] {
  return [
    {
      path: `${dir}/`,
      portal,
      script: 'login',
      title: `Accesso ${who}`,
      description: `Accesso ${who} con ${address}, password e codice SMS.`,
      main: app(
        'Accedi',
        `Inserire ${address} e la password scelti in fase di registrazione; sarà poi richiesto il codice inviato per SMS.`,
      ),
    },
    {
      path: `${dir}/registrazione/`,
      portal,
      script: 'register',
      title: `Registrazione ${who}`,
      description: `Registrazione ${who}.`,
      main: app('Registrazione', 'Tutti i campi sono obbligatori.'),
    },
    {
      path: `${dir}/conferma/`,
      portal,
      script: 'confirm',
      title: "Conferma dell'indirizzo",
      description: 'Verifica del codice ricevuto per e-mail.',
      main: app('Verifica il tuo indirizzo'),
    },
    {
      path: `${dir}/telefono/`,
      portal,
      script: 'phone',
      title: 'Secondo fattore di autenticazione',
      description: 'Configurazione del numero di cellulare per il secondo fattore di autenticazione.',
      main: app(
        'Numero di cellulare',
        'La registrazione si completa con il numero di cellulare che riceverà i codici di accesso via SMS.',
      ),
    },
    {
      path: `${dir}/codice/`,
      portal,
      script: 'sms',
      title: 'Codice SMS',
      description: 'Inserimento del codice di verifica ricevuto per SMS.',
      main: app(
        'Codice di verifica',
        'Inserire il codice inviato per SMS al numero indicato in fase di registrazione.',
      ),
    },
    {
      path: `${dir}/password/`,
      portal,
      script: 'forgot',
      title: 'Password dimenticata',
      description: 'Reimpostazione della password con un codice inviato per e-mail.',
      main: app('Password dimenticata'),
    },
  ];
}

export const PAGES: readonly Page[] = [
  {
    path: '',
    title: 'Home',
    description: 'Sportello informatico per la presentazione delle domande di contributo nel click day.',
    main: HOME,
  },
  ...PORTALS.flatMap(accountPages),
  {
    path: 'partecipante/sportello/',
    portal: 'participant',
    script: 'counter',
    title: 'Sportello',
    description: 'Informazioni, sala di attesa, modulo di invio e ricevuta.',
    main: app('Sportello'),
  },
  {
    path: 'partecipante/prova/',
    portal: 'participant',
    script: 'practice',
    title: 'Pagina di prova',
    description: 'Pagina di prova con le stesse dimensioni del modulo di invio.',
    main: app('Pagina di prova'),
  },
  {
    path: 'amministratore/aziende/',
    portal: 'admin',
    script: 'companies',
    title: 'Le tue aziende',
    description: 'Domande della PEC primaria, codici identificativi e partecipanti registrati.',
    main: app('Le tue aziende', "Le domande che hanno come PEC primaria quella con cui hai effettuato l'accesso."),
  },
  {
    path: 'elenchi/',
    script: 'lists',
    title: 'Elenchi cronologici',
    description: 'Elenchi cronologici pubblicati per regione e asse.',
    main: app(
      'Elenchi cronologici',
      'Gli elenchi pubblicati, per regione o provincia autonoma e per asse di finanziamento.',
    ),
  },
  {
    path: 'elenchi/elenco/',
    script: 'list',
    title: 'Elenco cronologico',
    description: 'Un elenco cronologico con ricerca per codice identificativo o ragione sociale.',
    main: app('Elenco cronologico'),
  },
];
