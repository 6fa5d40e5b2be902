/**
 * The one page layout of the site, rendered at build time so every page is complete HTML before any script runs:
 * the PA header (the administration's name in the top bar, the service's name, the sections), the skip link, and the
 * footer (help contacts, the service's pages, Dichiarazione di accessibilità, Note legali, Privacy, what the browser
 * keeps). The deployment's words come from `web/site.config.json` (web/site.ts); only constant text goes in here: data
 * from the API is always inserted by the page scripts through DOM APIs (textContent), never as markup.
 */
import type { Page } from './pages.ts';
import { contactHref, type SiteConfig } from './site.ts';

const PORTAL_NAMES = { participant: 'Area partecipante', admin: 'Area amministratore' } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SECTIONS: [string, string][] = [
  ['/', 'Home'],
  ['/partecipante/', 'Area partecipante'],
  ['/amministratore/', 'Area amministratore'],
  ['/calendario/', 'Calendario'],
  ['/elenchi/', 'Elenchi cronologici'],
  ['/assistenza/', 'Assistenza'],
];

function navigation(page: Page): string {
  const section = `/${page.path.split('/')[0] ?? ''}/`.replace('//', '/');
  const items = SECTIONS.map(([href, text]) => {
    const current = href === section ? ' aria-current="page"' : '';
    return `<li class="nav-item"><a class="nav-link"${current} href="${href}">${text}</a></li>`;
  }).join('');
  return `<nav class="sportello-nav" aria-label="Sezioni del sito"><ul class="nav">${items}</ul></nav>`;
}

/** Where "Dichiarazione di accessibilità" points: the statement on AgID's site when configured, else our page. */
export const accessibilityHref = (site: SiteConfig) => site.accessibility.statementUrl ?? '/accessibilita/';

function footer(site: SiteConfig): string {
  const e = escapeHtml;
  const contacts = site.help.contacts
    .map(
      (c) =>
        `<li><span class="d-block small">${e(c.label)}</span><a class="text-white" href="${e(contactHref(c))}">${e(c.value)}</a>${
          c.hours ? `<span class="d-block small">${e(c.hours)}</span>` : ''
        }</li>`,
    )
    .join('');
  const legal: [string, string][] = [
    [accessibilityHref(site), 'Dichiarazione di accessibilità'],
    ['/note-legali/', 'Note legali'],
    ['/privacy/', 'Privacy'],
    ['/privacy/#dati-nel-browser', 'Dati conservati nel browser'],
  ];
  return `<footer class="it-footer">
      <div class="it-footer-main">
        <div class="container">
          <div class="row">
            <div class="col-lg-4 col-md-6 py-4">
              <p class="h5 text-white mb-2">${e(site.administration.name)}</p>
              <p class="text-white mb-1">${e(site.service.name)}: invio delle domande di contributo in ordine cronologico, per regione e asse di finanziamento.</p>
              <p class="text-white mb-0">L'orario che fa fede è quello dei sistemi dello sportello, al millesimo di secondo (UTC).</p>
            </div>
            <div class="col-lg-4 col-md-6 py-4">
              <h2 class="h5 text-white">Lo sportello</h2>
              <ul class="list-unstyled footer-links mb-0">
                <li><a class="text-white" href="/calendario/">Calendario dei Momenti</a></li>
                <li><a class="text-white" href="/elenchi/">Elenchi cronologici pubblicati</a></li>
                <li><a class="text-white" href="/verifica-ricevuta/">Verifica di una ricevuta</a></li>
                <li><a class="text-white" href="/assistenza/#domande-frequenti">Domande frequenti</a></li>
              </ul>
            </div>
            <div class="col-lg-4 col-md-12 py-4">
              <h2 class="h5 text-white">Assistenza</h2>
              <ul class="list-unstyled footer-links footer-contacts mb-0">${contacts}</ul>
            </div>
          </div>
        </div>
      </div>
      <div class="it-footer-small-prints py-3">
        <div class="container">
          <h2 class="visually-hidden">Informazioni legali</h2>
          <ul class="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row flex-wrap gap-md-4">
            ${legal.map(([href, text]) => `<li class="list-inline-item"><a class="text-white" href="${e(href)}">${text}</a></li>`).join('\n            ')}
            <li class="list-inline-item text-white">Sportello è software libero, licenza EUPL-1.2</li>
          </ul>
        </div>
      </div>
    </footer>`;
}

export function renderPage(page: Page, site: SiteConfig): string {
  const e = escapeHtml;
  const portal = page.portal ? PORTAL_NAMES[page.portal] : site.service.call;
  const waf = site.waf ? `\n    <script src="${e(site.waf.integrationUrl)}challenge.js" defer></script>` : '';
  const script = page.script ? `${waf}\n    <script type="module" src="/assets/js/${page.script}.js"></script>` : '';
  const dataPortal = page.portal ? ` data-portal="${page.portal}"` : '';
  return `<!doctype html>
<html lang="it">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${e(page.title)} — ${e(site.service.name)}</title>
    <meta name="description" content="${e(page.description)}">
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
    <link rel="icon" href="/favicon.ico" sizes="32x32">
    <link rel="stylesheet" href="/assets/css/bootstrap-italia.min.css">
    <link rel="stylesheet" href="/assets/sportello.css">${script}
  </head>
  <body${dataPortal} data-service="${e(site.service.name)}">
    <a class="visually-hidden-focusable skip-link" href="#contenuto">Vai al contenuto</a>
    <header class="it-header-wrapper">
      <div class="it-header-slim-wrapper">
        <div class="container">
          <div class="it-header-slim-wrapper-content">
            <a class="navbar-brand administration-name" href="${e(site.administration.url)}">${e(site.administration.name)}</a>
            <div class="it-header-slim-right-zone" id="account-zone"></div>
          </div>
        </div>
      </div>
      <div class="it-header-center-wrapper">
        <div class="container">
          <div class="it-header-center-content-wrapper">
            <div class="it-brand-wrapper">
              <a href="/">
                <svg class="icon" aria-hidden="true" focusable="false"><use href="/assets/svg/sprites.svg#it-pa"></use></svg>
                <div class="it-brand-text">
                  <div class="it-brand-title">${e(site.service.name)}</div>
                  <div class="it-brand-tagline d-none d-md-block">${e(portal)}</div>
                </div>
              </a>
            </div>
          </div>
        </div>
      </div>
      <div class="container">${navigation(page)}</div>
    </header>
    <main id="contenuto" class="container my-4" tabindex="-1">
      ${page.main}
    </main>
    ${footer(site)}
  </body>
</html>
`;
}
