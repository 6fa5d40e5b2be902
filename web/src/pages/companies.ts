/**
 * Administrator portal (R12): the applications of the PEC with company name, the 65-character code (token) and the
 * participant e-mail (or "nessuna"); once sent, the arrival time and the receipt id; once lists are published, the
 * list, position and status (fields the API adds when it has them); "Reset del token" behind a confirmation dialog,
 * then its outcome.
 */
import { messageOf } from '../lib/api.ts';
import { alertBox, el, replaceApp } from '../lib/dom.ts';
import { romeTimeWithMs } from '../lib/format.ts';
import { EDITION_WORDS, STATUS_WORDS } from '../lib/lists.ts';
import { authed, showAccountZone, watchSession } from '../lib/session.ts';

interface Listing {
  edition: string;
  definitive: boolean;
  position: number | null;
  status: string;
}

interface Company {
  companyName: string;
  token: string;
  participantEmail: string | null;
  /** Added by the API: `PENDING` while the participant has not yet confirmed its e-mail. */
  participantStatus?: 'PENDING' | 'REGISTERED' | null;
  sent: boolean;
  canReset: boolean;
  arrivalTime?: string | null;
  receiptId?: string | null;
  listing?: Listing | null;
}

const outcome = el('div', { class: 'mb-4' });
const list = el('div', { class: 'row g-4' });

function companyCard(company: Company, index: number): HTMLElement {
  const titleId = `azienda-${index}`;
  const body = el(
    'div',
    { class: 'card-body' },
    el('h2', { class: 'card-title h4', id: titleId }, company.companyName),
    el(
      'dl',
      { class: 'mb-3' },
      el('dt', {}, 'Codice identificativo'),
      el('dd', { class: 'font-monospace text-break' }, company.token),
      el('dt', {}, 'E-mail del partecipante'),
      el('dd', {}, ...participantText(company)),
      el('dt', {}, 'Stato della domanda'),
      el('dd', {}, ...sendText(company)),
      company.listing ? el('dt', {}, 'Elenco cronologico') : null,
      company.listing ? el('dd', {}, ...listingText(company.listing)) : null,
    ),
  );
  if (company.participantEmail && company.canReset) {
    body.appendChild(
      el(
        'button',
        {
          type: 'button',
          class: 'btn btn-outline-danger',
          'aria-describedby': titleId,
          onclick: () => confirmReset(company),
        },
        'Reset del token',
      ),
    );
  }
  return el(
    'div',
    { class: 'col-lg-6' },
    el('article', { class: 'card card-bg h-100', 'aria-labelledby': titleId }, body),
  );
}

/** Sent or not; once sent, when it arrived (as the receipt says) and the receipt's number. */
function sendText(company: Company): (string | HTMLElement)[] {
  if (!company.sent) return ['Non ancora inviata'];
  const parts: (string | HTMLElement)[] = [el('strong', {}, 'Inviata')];
  if (company.arrivalTime) parts.push(` il ${romeTimeWithMs(company.arrivalTime)}`);
  if (company.receiptId)
    parts.push(
      el('span', { class: 'd-block' }, 'Ricevuta n. ', el('span', { class: 'font-monospace' }, company.receiptId)),
    );
  parts.push(el('span', { class: 'd-block small' }, "Dopo l'invio il reset del token non è più possibile."));
  return parts;
}

function listingText(listing: Listing): (string | HTMLElement)[] {
  const kind = listing.definitive ? 'Elenco definitivo' : 'Elenco provvisorio';
  const edition = EDITION_WORDS[listing.edition] ?? listing.edition;
  return [
    `${kind} (${edition}): `,
    el('strong', {}, listing.position === null ? 'senza posizione' : `posizione ${listing.position}`),
    ` — ${STATUS_WORDS[listing.status] ?? listing.status}. `,
    el('a', { href: '/elenchi/' }, 'Vai agli elenchi'),
  ];
}

/** The e-mail, and for a pending registration why it may be wrong and what the reset does about it. */
function participantText(company: Company): (string | HTMLElement)[] {
  if (!company.participantEmail) return [el('em', {}, 'nessuna')];
  if (company.participantStatus !== 'PENDING') return [company.participantEmail];
  return [
    company.participantEmail,
    ' ',
    el('span', { class: 'badge bg-warning text-dark' }, 'in attesa di conferma'),
    el(
      'span',
      { class: 'd-block small mt-1' },
      "Il partecipante non ha ancora confermato l'email: se l'indirizzo è sbagliato, il reset del token libera subito il codice identificativo (altrimenti resta bloccato fino a 24 ore dalla registrazione).",
    ),
  ];
}

/** Native modal <dialog>: focus moves in and is kept there, Esc closes it, focus returns to the button. */
function confirmReset(company: Company) {
  const opener = document.activeElement as HTMLElement | null;
  const confirm = el('button', { type: 'button', class: 'btn btn-danger' }, 'Conferma il reset');
  const cancel = el('button', { type: 'button', class: 'btn btn-outline-primary' }, 'Annulla');
  const dialog = el(
    'dialog',
    { class: 'reset-dialog', 'aria-labelledby': 'reset-titolo', 'aria-describedby': 'reset-testo' },
    el('h2', { id: 'reset-titolo', class: 'h4' }, 'Reset del token'),
    el(
      'div',
      { id: 'reset-testo' },
      el(
        'p',
        {},
        `Stai per annullare la registrazione${company.participantStatus === 'PENDING' ? ' in attesa di conferma' : ''} del partecipante indicato qui sotto.`,
      ),
      el(
        'dl',
        { class: 'reset-subject' },
        el('dt', {}, 'Impresa'),
        el('dd', {}, company.companyName),
        el('dt', {}, 'Partecipante'),
        el('dd', {}, company.participantEmail ?? ''),
      ),
      el(
        'p',
        {},
        "Il suo account sarà cancellato e non potrà più accedere; il codice identificativo tornerà libero per la registrazione di un nuovo partecipante. Il partecipante e la PEC riceveranno una notifica. L'operazione non si può annullare.",
      ),
    ),
    el('div', { class: 'd-flex flex-wrap gap-3 mt-3' }, confirm, cancel),
  );
  const close = () => {
    dialog.close();
    dialog.remove();
    opener?.focus();
  };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  confirm.addEventListener('click', () => {
    confirm.disabled = true;
    authed<{ token: string }>('POST', `/admin/companies/${encodeURIComponent(company.token)}/reset`)
      .then(
        () =>
          show(
            'success',
            `Reset del token eseguito (${company.companyName}): la registrazione di ${company.participantEmail ?? ''} è annullata e il codice identificativo può essere usato da un nuovo partecipante.`,
          ),
        (error: unknown) =>
          show('danger', `Reset del token non eseguito (${company.companyName}): ${messageOf(error)}`),
      )
      .finally(() => {
        dialog.close();
        dialog.remove();
      });
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  cancel.focus();
}

function show(kind: 'success' | 'danger', message: string) {
  const box = alertBox(kind, message);
  box.tabIndex = -1;
  outcome.replaceChildren(box);
  box.focus();
  void load();
}

async function load() {
  const { body } = await authed<Company[]>('GET', '/admin/companies');
  list.replaceChildren(...body.map(companyCard));
  if (body.length === 0) list.replaceChildren(el('p', {}, 'Nessuna domanda ha come PEC primaria questo indirizzo.'));
}

async function main() {
  const me = await authed<{ firstName: string; lastName: string; email: string }>('GET', '/me');
  showAccountZone('admin', `${me.body.firstName} ${me.body.lastName}`);
  watchSession();
  replaceApp(
    el(
      'p',
      {},
      `PEC primaria: ${me.body.email}. Per indicare un partecipante diverso da quello registrato occorre prima eseguire il reset del token; non è possibile dopo l'invio della domanda.`,
    ),
    outcome,
    list,
  );
  await load();
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
