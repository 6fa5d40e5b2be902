/**
 * The participant's counter page, by phase of the timetable (R3, R13–R16):
 * before M4 the information page and the link to the test page; from M4 the waiting room, counting down to M5 on the
 * server's clock and reloading at M5 with a small random delay; from M5 to M6 the send form ("Invia"); then the
 * receipt (*presa in carico*) or, for a repeated send, the "already sent" message with the original receipt.
 */
import { ApiFailure, messageOf } from '../lib/api.ts';
import { type Moments, serverNow, syncedStatus } from '../lib/clock.ts';
import { type CounterField, counterForm } from '../lib/counterForm.ts';
import { alertBox, el, replaceApp, setHeading } from '../lib/dom.ts';
import { countdown, romeClock, romeDateTime } from '../lib/format.ts';
import { type Receipt, receiptView } from '../lib/receipt.ts';
import { authed, showAccountZone, stored } from '../lib/session.ts';

interface Me {
  firstName: string;
  lastName: string;
  email: string;
  token?: string;
  region?: string;
  axis?: string;
}

/** Reloads at M5 are spread over this many ms, so that a million waiting rooms do not ask for the form at once. */
const RELOAD_JITTER_MS = 3000;
/** The clock is measured again this often while waiting (the status answer is cached at the edge for a second). */
const RESYNC_MS = 60_000;

let me: Me;

async function main() {
  me = (await authed<Me>('GET', '/me')).body;
  showAccountZone('participant', `${me.firstName} ${me.lastName}`);
  const kept = stored.get<{ receipt: Receipt; message?: string }>('participant', 'receipt');
  if (kept) return showReceipt(kept.receipt, kept.message);
  if (location.hash === '#ricevuta') return showStoredReceipt();
  const { status, offsetMs } = await syncedStatus(me);
  switch (status.phase) {
    case 'OPEN':
      return showSendForm();
    case 'WAITING_ROOM':
      return showWaitingRoom(status.moments, offsetMs);
    case 'CLOSED':
      return showClosed();
    default:
      return showInformation(status.moments, status.registrationCloses);
  }
}

function tokenLine(): HTMLElement {
  return el(
    'p',
    {},
    'Il tuo codice identificativo domanda: ',
    el('span', { class: 'font-monospace text-break' }, me.token ?? 'nessuno (la registrazione è stata annullata)'),
  );
}

function momentsTable(moments: Moments, registrationCloses: string | null): HTMLElement {
  const rows: [string, string][] = [
    ['Momento 1', 'indirizzi dei portali disponibili'],
    ['Momento 2', 'apertura delle registrazioni'],
    ['Momento 3', 'indirizzo dello sportello disponibile'],
    ['Momento 4', 'accesso allo sportello e sala di attesa'],
    ['Momento 5', 'apertura dello sportello: modulo di invio'],
    ['Momento 6', 'chiusura dello sportello'],
  ];
  const keys = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] as const;
  return el(
    'table',
    { class: 'table table-sm' },
    el('caption', {}, 'Tabella temporale (ora italiana)'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Momento'),
        el('th', { scope: 'col' }, 'Che cosa succede'),
        el('th', { scope: 'col' }, 'Data e ora'),
      ),
    ),
    el(
      'tbody',
      {},
      ...rows.map(([name, what], i) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, name),
          el('td', {}, what),
          el('td', {}, romeDateTime(moments[keys[i] as (typeof keys)[number]])),
        ),
      ),
      registrationCloses
        ? el(
            'tr',
            {},
            el('th', { scope: 'row' }, 'Registrazioni'),
            el('td', {}, 'chiusura delle registrazioni e del reset del token'),
            el('td', {}, romeDateTime(registrationCloses)),
          )
        : null,
    ),
  );
}

function showInformation(moments: Moments | null, registrationCloses: string | null) {
  setHeading('Informazioni sullo sportello', false);
  replaceApp(
    el('p', { class: 'lead' }, `Gentile ${me.firstName} ${me.lastName}, la registrazione è completa.`),
    tokenLine(),
    moments
      ? momentsTable(moments, registrationCloses)
      : alertBox('info', 'La tabella temporale dello sportello non è ancora stata pubblicata.'),
    el('h2', { class: 'h4 mt-4' }, 'Prima del click day'),
    el(
      'ul',
      {},
      el(
        'li',
        {},
        'Dal Momento 4, accedendo, si entra nella sala di attesa; dal Momento 5 al Momento 6 il modulo di invio è visibile aggiornando la pagina.',
      ),
      el(
        'li',
        {},
        'Il modulo chiede alcuni caratteri del tuo codice identificativo, in posizioni diverse per ogni sessione: tienilo a portata di mano.',
      ),
      el(
        'li',
        {},
        "L'orario che fa fede è quello di arrivo sui sistemi dello sportello. Inviare più volte non serve: vale il primo invio.",
      ),
      el(
        'li',
        {},
        'È consentita una sola sessione con le stesse credenziali: un nuovo accesso chiude la sessione precedente. Non è consentito usare strumenti automatici di invio.',
      ),
    ),
    el(
      'p',
      {},
      'La pagina di prova ha le stesse dimensioni del modulo di invio: usala per verificare la visualizzazione nel tuo browser.',
    ),
    el('a', { href: '/partecipante/prova/', class: 'btn btn-primary' }, 'Vai alla pagina di prova'),
  );
}

function showWaitingRoom(moments: Moments | null, initialOffset: number) {
  setHeading('Sala di attesa', false);
  if (!moments) {
    replaceApp(alertBox('info', 'La tabella temporale non è disponibile: aggiornare la pagina tra qualche minuto.'));
    return;
  }
  const opensAt = Date.parse(moments.m5);
  let offset = initialOffset;
  const timer = el(
    'p',
    { class: 'countdown font-monospace mb-0', role: 'timer', 'aria-atomic': 'true', id: 'conto-alla-rovescia' },
    '',
  );
  const now = el('span', { class: 'font-monospace' }, '');
  const announce = el('p', { class: 'visually-hidden', 'aria-live': 'polite' }, '');
  const action = el('div', { class: 'mt-3', 'aria-live': 'polite' });
  replaceApp(
    el('p', { class: 'lead' }, `Lo sportello apre al Momento 5: ${romeDateTime(opensAt)} (ora italiana).`),
    tokenLine(),
    el(
      'div',
      { class: 'sportello-box mb-4' },
      el('p', { class: 'mb-1', id: 'etichetta-conto' }, "Tempo all'apertura, sull'orologio dello sportello:"),
      timer,
      el('p', { class: 'mb-0 small' }, 'Ora dello sportello: ', now),
    ),
    announce,
    action,
    el(
      'p',
      {},
      "Non serve aggiornare la pagina: all'apertura si aggiornerà da sola entro pochi secondi (con un piccolo ritardo casuale, per distribuire il carico) e mostrerà il modulo di invio. Durante il passaggio dal Momento 4 al Momento 5 possono esserci attese che non pregiudicano l'invio.",
    ),
  );
  const milestones = new Set([600, 300, 60, 30, 10]);
  let reloading = false;
  const tick = () => {
    const left = opensAt - serverNow(offset);
    const text = countdown(left);
    timer.textContent = text.display;
    timer.setAttribute('aria-label', `Mancano ${text.spoken}`);
    now.textContent = romeClock(serverNow(offset));
    const seconds = Math.ceil(left / 1000);
    if (milestones.delete(seconds)) announce.textContent = `Mancano ${text.spoken} all'apertura dello sportello.`;
    if (left <= 0 && !reloading) {
      reloading = true;
      announce.textContent = 'Lo sportello è aperto: la pagina si aggiorna per mostrare il modulo di invio.';
      action.replaceChildren(
        alertBox('success', 'Lo sportello è aperto.'),
        el(
          'button',
          { type: 'button', class: 'btn btn-primary btn-lg', onclick: () => location.reload() },
          'Aggiorna la pagina',
        ),
      );
      setTimeout(() => location.reload(), Math.floor(Math.random() * RELOAD_JITTER_MS));
    }
  };
  tick();
  setInterval(tick, 250);
  const resync = () => {
    // Close to M5 the measured offset is kept: nobody should be asking the status while the form opens.
    if (opensAt - serverNow(offset) < 15_000) return;
    syncedStatus(me).then(
      (synced) => {
        offset = synced.offsetMs;
      },
      () => undefined,
    );
    setTimeout(resync, RESYNC_MS + Math.random() * 5000);
  };
  setTimeout(resync, RESYNC_MS);
}

interface SendForm {
  formId: string;
  fields: CounterField[];
}

async function showSendForm() {
  let form: SendForm;
  try {
    form = (await authed<SendForm>('GET', '/sportello/form')).body;
  } catch (error) {
    if (error instanceof ApiFailure && error.problem.phase === 'WAITING_ROOM')
      return showScopedWait(error.problem.message);
    if (error instanceof ApiFailure && error.problem.phase === 'CLOSED') return showClosed();
    return retryLater(error);
  }
  setHeading('Invio della domanda');
  const view = counterForm({
    notice:
      'Inserisci i caratteri richiesti del tuo codice identificativo e premi "Invia". Vale il primo invio corretto: l\'orario di arrivo è rilevato dai sistemi dello sportello.',
    codeLabel: 'Il tuo codice identificativo domanda',
    code: me.token ?? '',
    fields: form.fields,
    submit: 'Invia',
    async onSubmit(answers) {
      try {
        const { body } = await authed<{ receipt: Receipt; message?: string }>('POST', '/sportello/send', {
          formId: form.formId,
          answers,
        });
        stored.set('participant', 'receipt', body);
        showReceipt(body.receipt, body.message);
      } catch (error) {
        const expired = error instanceof ApiFailure && error.problem.code === 'FORM_EXPIRED';
        const again = el(
          'button',
          { type: 'button', class: 'btn btn-outline-primary ms-2', onclick: () => location.reload() },
          'Aggiorna il modulo',
        );
        view.problem(messageOf(error), ...(expired ? [again] : []));
      }
    },
  });
  replaceApp(view.root);
}

/**
 * The counter is open on the global timetable but not yet for this application's region or axis (a scoped timetable):
 * wait on the page and ask again after a long random delay, never in a tight loop.
 */
function showScopedWait(message: string) {
  setHeading('Sala di attesa', false);
  replaceApp(
    alertBox('info', message),
    el(
      'p',
      {},
      "Per la regione o l'asse della tua domanda lo sportello apre più tardi. La pagina si aggiorna da sola ogni 30 secondi circa.",
    ),
    el('button', { type: 'button', class: 'btn btn-primary', onclick: () => location.reload() }, 'Aggiorna la pagina'),
  );
  setTimeout(() => location.reload(), 20_000 + Math.random() * 20_000);
}

function retryLater(error: unknown) {
  const seconds = error instanceof ApiFailure ? (error.problem.retryAfterSeconds ?? 0) : 0;
  replaceApp(
    alertBox('warning', messageOf(error)),
    el('button', { type: 'button', class: 'btn btn-primary', onclick: () => location.reload() }, 'Riprova'),
  );
  if (seconds > 0) setTimeout(() => location.reload(), seconds * 1000 + Math.random() * RELOAD_JITTER_MS);
}

function showReceipt(receipt: Receipt, message?: string) {
  setHeading(message ? 'Invio già effettuato' : 'Domanda presa in carico');
  replaceApp(receiptView(receipt, message));
}

async function showStoredReceipt() {
  try {
    const { body } = await authed<{ receipt: Receipt }>('GET', '/sportello/receipt');
    showReceipt(body.receipt);
  } catch (error) {
    if (error instanceof ApiFailure && error.problem.status === 404) {
      setHeading('Ricevuta');
      replaceApp(alertBox('info', 'Non risulta alcun invio per la tua domanda.'));
      return;
    }
    throw error;
  }
}

async function showClosed() {
  setHeading('Sportello chiuso');
  replaceApp(alertBox('info', 'Lo sportello è chiuso: non è più possibile inviare domande.'), tokenLine());
  try {
    const { body } = await authed<{ receipt: Receipt }>('GET', '/sportello/receipt');
    document.getElementById('app')?.appendChild(receiptView(body.receipt));
  } catch (error) {
    if (!(error instanceof ApiFailure && error.problem.status === 404)) throw error;
    document.getElementById('app')?.appendChild(el('p', {}, 'Non risulta alcun invio per la tua domanda.'));
  }
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
