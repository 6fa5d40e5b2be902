/**
 * The one page layout of the site (bootstrap-italia header, footer, skip link), rendered at build time so every
 * page is complete HTML before any script runs. Only constant text from `pages.ts` goes in here: data from the API
 * is always inserted by the page scripts through DOM APIs (textContent), never as markup.
 */
import type { Page } from './pages.ts';

const PORTAL_NAMES = { participant: 'Area partecipante', admin: 'Area amministratore' } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function navigation(page: Page): string {
  const links: [string, string][] = [
    ['/', 'Home'],
    ['/partecipante/', 'Area partecipante'],
    ['/amministratore/', 'Area amministratore'],
    ['/elenchi/', 'Elenchi cronologici'],
  ];
  const section = `/${page.path.split('/')[0] ?? ''}/`.replace('//', '/');
  const items = links
    .map(([href, text]) => {
      const current = href === section ? ' aria-current="page"' : '';
      return `<li class="nav-item"><a class="nav-link"${current} href="${href}">${text}</a></li>`;
    })
    .join('');
  return `<nav class="sportello-nav" aria-label="Sezioni del sito"><ul class="nav">${items}</ul></nav>`;
}

export function renderPage(page: Page): string {
  const portal = page.portal ? PORTAL_NAMES[page.portal] : 'Sportello informatico';
  const script = page.script ? `\n    <script type="module" src="/assets/js/${page.script}.js"></script>` : '';
  const dataPortal = page.portal ? ` data-portal="${page.portal}"` : '';
  return `<!doctype html>
<html lang="it">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(page.title)} — Sportello click day</title>
    <meta name="description" content="${escapeHtml(page.description)}">
    <link rel="stylesheet" href="/assets/css/bootstrap-italia.min.css">
    <link rel="stylesheet" href="/assets/sportello.css">${script}
  </head>
  <body${dataPortal}>
    <a class="visually-hidden-focusable skip-link" href="#contenuto">Vai al contenuto</a>
    <header class="it-header-wrapper">
      <div class="it-header-slim-wrapper">
        <div class="container">
          <div class="it-header-slim-wrapper-content">
            <span class="d-lg-block navbar-brand">Bando ISI — sportello informatico</span>
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
                  <div class="it-brand-title">Sportello click day</div>
                  <div class="it-brand-tagline d-none d-md-block">${escapeHtml(portal)}</div>
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
    <footer class="it-footer">
      <div class="it-footer-main">
        <div class="container">
          <div class="row">
            <div class="col-md-8 py-4">
              <p class="h5 text-white">Sportello click day</p>
              <p class="text-white mb-1">Invio delle domande di contributo in ordine cronologico, per regione e asse di finanziamento.</p>
              <p class="text-white mb-0">L'orario che fa fede è quello dei sistemi dello sportello, al millesimo di secondo (UTC).</p>
            </div>
            <div class="col-md-4 py-4">
              <ul class="list-unstyled footer-links">
                <li><a class="text-white" href="/partecipante/registrazione/#informativa">Informativa sul trattamento dei dati personali</a></li>
                <li><a class="text-white" href="/elenchi/">Elenchi cronologici pubblicati</a></li>
                <li><a class="text-white" href="/api/sportello/keys">Chiavi pubbliche per verificare le ricevute</a></li>
              </ul>
            </div>
          </div>
        </div>
      </div>
      <div class="it-footer-small-prints py-3">
        <div class="container"><p class="text-white mb-0">Sportello è software libero, licenza EUPL-1.2.</p></div>
      </div>
    </footer>
  </body>
</html>
`;
}
