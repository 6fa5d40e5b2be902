/**
 * Every page of the site: its path under `/`, the constant text around it and the page script that fills `#app`.
 * The account pages are the same scripts for both portals (`data-portal` on <body> tells them which). The pages that
 * speak of the administration (help, privacy, legal notes, accessibility) take their words from the site
 * configuration (web/site.config.json).
 */
import { PRIVACY_NOTICE } from '#domain/accounts/privacy';
import { accessibilityHref, escapeHtml as e } from './layout.ts';
import { contactHref, type SiteConfig } from './site.ts';

export interface Page {
  /** Directory of the page, '' for the home page: served as `/<path>index.html`. */
  path: string;
  /** A file name instead of `index.html` (the 404 page, served for any missing path). */
  file?: string;
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
        <li>Dal Momento 4: accesso alla sala di attesa, con il conto alla rovescia sull'orologio dello sportello.</li>
        <li>Dal Momento 5 al Momento 6: il modulo di invio compare da solo nella pagina dello sportello, senza aggiornarla; l'invio termina con il messaggio di presa in carico e una ricevuta firmata, che resta visibile a ogni nuovo accesso.</li>
      </ol>
      <p>Le date e gli orari dei Momenti sono nel <a href="/calendario/">calendario</a>. Non è consentito utilizzare strumenti automatici di invio, né aprire più di una sessione con le stesse credenziali.</p>`;

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

/** The information pages of the deployment, from its configuration. */
function helpPage(site: SiteConfig): string {
  const contacts = site.help.contacts
    .map(
      (c) =>
        `<li class="mb-2"><strong>${e(c.label)}</strong>: <a href="${e(contactHref(c))}">${e(c.value)}</a>${c.hours ? `<br><span class="small">${e(c.hours)}</span>` : ''}</li>`,
    )
    .join('');
  const faq = site.help.faq
    .map(
      (f) =>
        `<details class="faq-item"><summary>${e(f.question)}</summary><p class="mb-0 mt-2">${e(f.answer)}</p></details>`,
    )
    .join('');
  return `<h1 id="titolo">Assistenza</h1>
      <p class="lead">${e(site.help.intro)}</p>
      <h2 class="h4 mt-4" id="contatti">Contatti</h2>
      <ul class="list-unstyled">${contacts}</ul>
      <h2 class="h4 mt-4" id="domande-frequenti">Domande frequenti</h2>
      ${faq || '<p>Nessuna domanda frequente pubblicata.</p>'}
      <h2 class="h4 mt-4">Segnalare un problema di accessibilità</h2>
      <p>Per segnalare un contenuto non accessibile scrivere a <a href="mailto:${e(site.accessibility.feedbackEmail)}">${e(site.accessibility.feedbackEmail)}</a> (vedi la <a href="${e(accessibilityHref(site))}">dichiarazione di accessibilità</a>).</p>`;
}

function privacyPage(site: SiteConfig): string {
  const sections = PRIVACY_NOTICE.sections
    .map((s) => `<h2 class="h5 mt-4">${e(s.heading)}</h2><p>${e(s.text)}</p>`)
    .join('');
  return `<h1 id="titolo">Privacy</h1>
      <p class="lead">${e(PRIVACY_NOTICE.title)}, versione del ${e(PRIVACY_NOTICE.version)}. È la stessa informativa mostrata con i moduli di registrazione.</p>
      <div class="sportello-box mb-4">
        <p class="mb-1"><strong>Titolare del trattamento</strong>: ${e(site.privacy.controller)}.</p>
        <p class="mb-0"><strong>Responsabile della protezione dei dati</strong>: <a href="mailto:${e(site.privacy.dpoEmail)}">${e(site.privacy.dpoEmail)}</a>.</p>
      </div>
      ${sections}
      <h2 class="h4 mt-5" id="dati-nel-browser">Dati conservati nel browser</h2>
      <p>Il sito non usa cookie, né strumenti di analisi o di tracciamento, né servizi di terze parti: caratteri e icone sono serviti dallo sportello stesso.</p>
      <p>Il browser conserva soltanto, nella memoria della singola scheda (<span lang="en">sessionStorage</span>), che si svuota quando la scheda viene chiusa:</p>
      <ul>
        <li>durante l'accesso, l'indirizzo e-mail (o la PEC) e la sessione temporanea di accesso, valida al massimo 5 minuti, fino all'inserimento del codice SMS;</li>
        <li>dopo l'accesso, i gettoni di autenticazione dell'area riservata (<span lang="en">access token</span> e <span lang="en">refresh token</span>) e l'indirizzo e-mail con cui si è acceduto, per riproporlo se la sessione viene chiusa.</li>
      </ul>
      <p>"Esci" cancella subito questi dati e chiude la sessione anche sullo sportello. La ricevuta di invio non è conservata nel browser: è sullo sportello, che la mostra a ogni nuovo accesso.</p>`;
}

function legalPage(site: SiteConfig): string {
  return `<h1 id="titolo">Note legali</h1>
      <h2 class="h5 mt-4">Titolarità del sito</h2>
      <p>Il sito ${e(site.service.name)} è gestito da ${e(site.administration.name)} (<a href="${e(site.administration.url)}">${e(site.administration.url)}</a>) per l'invio telematico delle domande di contributo del bando.</p>
      <h2 class="h5 mt-4">Valore delle informazioni</h2>
      <p>Le regole del procedimento sono quelle del bando e dei suoi allegati: in caso di differenza prevalgono sul contenuto di queste pagine. L'orario di arrivo di una domanda è quello rilevato dai sistemi dello sportello al momento della ricezione della richiesta, al millesimo di secondo (UTC), ed è riportato nella ricevuta firmata.</p>
      <h2 class="h5 mt-4">Elenchi cronologici</h2>
      <p>Gli elenchi provvisori e definitivi sono pubblicati con il codice identificativo e la ragione sociale delle imprese, come previsto dal bando. I file CSV e JSON pubblicati sono quelli che fanno fede; la pagina di consultazione ne è una vista.</p>
      <h2 class="h5 mt-4">Uso dei contenuti</h2>
      <p>I contenuti di questo sito, salvo diversa indicazione, sono pubblicati con licenza Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0). Il software dello sportello è software libero, licenza EUPL-1.2.</p>
      <h2 class="h5 mt-4">Uso corretto del servizio</h2>
      <p>Non è consentito inviare le domande con strumenti automatici né aprire più sessioni con le stesse credenziali: gli accessi contemporanei durante il click day sono registrati e possono comportare l'annullamento della domanda.</p>
      <h2 class="h5 mt-4">Privacy</h2>
      <p>Il trattamento dei dati personali è descritto nella pagina <a href="/privacy/">Privacy</a>.</p>`;
}

function accessibilityPage(site: SiteConfig): string {
  return `<h1 id="titolo">Dichiarazione di accessibilità</h1>
      <p class="lead">${e(site.administration.name)} si impegna a rendere accessibile il sito ${e(site.service.name)}, in conformità alla legge 9 gennaio 2004, n. 4 e alle Linee guida AgID sull'accessibilità degli strumenti informatici.</p>
      <h2 class="h5 mt-4">Stato di conformità</h2>
      <p>Il sito è parzialmente conforme ai requisiti dell'allegato A della norma UNI CEI EN 301549 (WCAG 2.1 livello AA): a ogni rilascio tutte le pagine sono verificate con strumenti automatici, che non rilevano violazioni gravi o critiche; la verifica manuale completa non è ancora stata svolta.</p>
      <h2 class="h5 mt-4">Come è fatto il sito</h2>
      <ul>
        <li>ogni campo ha un'etichetta visibile, gli errori sono indicati accanto al campo e in un riepilogo con i collegamenti ai campi;</li>
        <li>il modulo di invio indica per ogni carattere richiesto la sua posizione e il gruppo del codice in cui si trova, anche ai lettori di schermo;</li>
        <li>i conti alla rovescia sono annunciati a intervalli (10 e 5 minuti, 1 minuto, 30 e 10 secondi) e al cambio di fase;</li>
        <li>le pagine si usano anche solo da tastiera e su schermi di 320 pixel di larghezza senza scorrimento orizzontale.</li>
      </ul>
      <h2 class="h5 mt-4">Meccanismo di feedback</h2>
      <p>Per segnalare un contenuto non accessibile o chiederne una versione accessibile scrivere a <a href="mailto:${e(site.accessibility.feedbackEmail)}">${e(site.accessibility.feedbackEmail)}</a>. In caso di risposta insoddisfacente o mancata risposta entro 30 giorni è possibile rivolgersi al Difensore civico per il digitale presso AgID.</p>`;
}

const NOT_FOUND = `<h1 id="titolo">Pagina non trovata</h1>
      <p class="lead">L'indirizzo richiesto non esiste o non è più disponibile.</p>
      <p>Controllare l'indirizzo oppure partire da una di queste pagine:</p>
      <ul>
        <li><a href="/">Home dello sportello</a></li>
        <li><a href="/partecipante/">Area partecipante</a></li>
        <li><a href="/amministratore/">Area amministratore</a></li>
        <li><a href="/elenchi/">Elenchi cronologici</a></li>
        <li><a href="/assistenza/">Assistenza</a></li>
      </ul>`;

/** Every page of the site for a deployment's configuration. */
export function sitePages(site: SiteConfig): Page[] {
  return [
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
    {
      path: 'calendario/',
      script: 'calendar',
      title: 'Calendario dei Momenti',
      description: 'Le date e gli orari dei Momenti dello sportello, in ora italiana.',
      main: app(
        'Calendario dei Momenti',
        "Le date e gli orari dello sportello in ora italiana, con il tempo che manca al prossimo Momento sull'orologio dello sportello.",
      ),
    },
    {
      path: 'verifica-ricevuta/',
      script: 'verify',
      title: 'Verifica di una ricevuta',
      description: 'Come verificare la firma di una ricevuta di invio con le chiavi pubbliche dello sportello.',
      main: app(
        'Verifica di una ricevuta',
        'Ogni ricevuta di invio è firmata dallo sportello: chiunque può controllare che sia autentica e che i dati non siano stati modificati.',
      ),
    },
    {
      path: 'assistenza/',
      title: 'Assistenza',
      description: 'Contatti di assistenza e domande frequenti.',
      main: helpPage(site),
    },
    {
      path: 'privacy/',
      title: 'Privacy',
      description: 'Informativa privacy e dati conservati nel browser.',
      main: privacyPage(site),
    },
    { path: 'note-legali/', title: 'Note legali', description: 'Note legali del sito.', main: legalPage(site) },
    {
      path: 'accessibilita/',
      title: 'Dichiarazione di accessibilità',
      description: 'Dichiarazione di accessibilità del sito.',
      main: accessibilityPage(site),
    },
    { path: '', file: '404.html', title: 'Pagina non trovata', description: 'Pagina non trovata.', main: NOT_FOUND },
  ];
}
