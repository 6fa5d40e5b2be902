/**
 * The participant's counter page (R3, R13–R16). It follows the timetable on the server's clock by itself, without a
 * reload: information and a countdown to M4 → at M4 the waiting room and a countdown to M5 → at M5 (plus a random
 * 0–3 s, to spread the load) the send form ("Invia") with the time left to M6 → the receipt (*presa in carico*) →
 * at M6 the closed counter. Whenever the application has been sent, from any device or session, the page shows the
 * receipt from `GET /sportello/receipt` instead of a form. While open, it asks `GET /me` every ~20 s so that a
 * session closed elsewhere (R11) or by a token reset is told within 30 s.
 */
import { ApiFailure, messageOf } from '../lib/api.ts';
import { type CounterStatus, ServerClock, Ticker } from '../lib/clock.ts';
import { countdownView } from '../lib/countdown.ts';
import { type CounterField, counterForm } from '../lib/counterForm.ts';
import { alertBox, el, replaceApp, setHeading } from '../lib/dom.ts';
import { romeDateTime } from '../lib/format.ts';
import { momentsTable } from '../lib/moments.ts';
import { type Receipt, type ReceiptOccasion, receiptView } from '../lib/receipt.ts';
import { authed, knownCode, rememberCode, showAccountZone, watchSession } from '../lib/session.ts';

interface Me {
  firstName: string;
  lastName: string;
  email: string;
  /** Before M4 only; from M4 `tokenHint` (`+a007…24ca`). */
  token?: string;
  tokenHint?: string;
  region?: string;
  axis?: string;
}

interface SendForm {
  formId: string;
  fields: CounterField[];
}

/** The move to the form at M5 is spread over this many ms, so that a million waiting rooms do not ask at once. */
const OPEN_JITTER_MS = 3000;
/** The move to the waiting room at M4 and to the closed counter at M6. */
const MOVE_JITTER_MS = 2000;
/** The timetable is asked again this often (the status answer is cached at the edge for a second)... */
const RESYNC_MS = 60_000;
/** ...but never this close to the Momento the page is waiting for. */
const QUIET_MS = 15_000;

let me: Me;
const clock = new ServerClock();
const ticker = new Ticker(clock);
/** The Momento the view on screen waits for (server epoch ms), to keep the seconds around it quiet. */
let waitingFor: number | undefined;
/** What the view on screen was drawn from: a new timetable or phase found by a resync redraws the page. */
let drawnFrom = '';
/** Consecutive moves that found the server still in the phase before (clock skew, edge cache): backoff. */
let early = 0;

const nearMoment = () => waitingFor !== undefined && Math.abs(waitingFor - clock.now()) < QUIET_MS;
const jitter = (max: number) => Math.floor(Math.random() * max);
const fingerprint = (s: CounterStatus) => `${s.phase}|${JSON.stringify(s.moments)}|${s.registrationCloses}`;

async function main() {
  me = (await authed<Me>('GET', '/me')).body;
  if (me.token) rememberCode(me.token);
  clock.scope = { ...(me.region ? { region: me.region } : {}), ...(me.axis ? { axis: me.axis } : {}) };
  showAccountZone('participant', `${me.firstName} ${me.lastName}`);
  watchSession(nearMoment);
  await route();
  keepSynced();
}

let routing: Promise<void> | undefined;
/** Draws the view of the current phase; one at a time. */
function route(): Promise<void> {
  routing ??= (async () => {
    try {
      const status = await clock.sync();
      drawnFrom = fingerprint(status);
      switch (status.phase) {
        case 'OPEN':
          return await showOpen(status, true);
        case 'CLOSED':
          return await showClosed();
        case 'WAITING_ROOM':
          return showWaitingRoom(status);
        default:
          return showInformation(status);
      }
    } catch (error) {
      retryLater(error);
    }
  })().finally(() => {
    routing = undefined;
  });
  return routing;
}

/** Every minute or so: the offset again, and a redraw if the operator changed the timetable meanwhile. */
function keepSynced() {
  setTimeout(
    () => {
      const busy = nearMoment() || routing !== undefined;
      if (busy) return keepSynced();
      clock.sync().then(
        (status) => {
          if (fingerprint(status) !== drawnFrom) void route();
          keepSynced();
        },
        () => keepSynced(),
      );
    },
    RESYNC_MS + jitter(5000),
  );
}

/**
 * A beat that moves the page on once `target` is reached on the server's clock, after a random delay within `spread`.
 * Drawn when the target had already passed (the server still answered the phase before), it waits 1, 2, 4… s.
 */
function moveAt(target: number, spread: number, move: () => void): (nowMs: number) => boolean {
  const late = clock.now() >= target;
  if (!late) early = 0;
  let fired = false;
  return (nowMs) => {
    if (fired || nowMs < target) return false;
    fired = true;
    const wait = late ? Math.min(30_000, 1000 * 2 ** early++) + jitter(1000) : jitter(spread);
    setTimeout(move, wait);
    return true;
  };
}

/** The code this tab knows, if it is the participant's (before M4 from `/me`, after it as typed and checked). */
function code(): string | undefined {
  const kept = knownCode();
  return kept && matchesHint(kept) ? kept : undefined;
}

const matchesHint = (candidate: string) =>
  me.token ? candidate === me.token : !!me.tokenHint && tokenHint(candidate) === me.tokenHint;
const tokenHint = (t: string) => `${t.slice(0, 5)}…${t.slice(-4)}`;

function tokenLine(): HTMLElement {
  const known = code();
  if (known || !me.tokenHint) {
    return el(
      'p',
      {},
      'Il tuo codice identificativo domanda: ',
      el('span', { class: 'font-monospace text-break' }, known ?? 'nessuno (la registrazione è stata annullata)'),
    );
  }
  return codeEntry(() => void route());
}

/**
 * From M4 the portal no longer receives the whole code (a script would read it): the participant types or pastes it
 * once, from the documents of the application; it is checked against its first and last characters and kept in this
 * tab only, to show it in numbered groups next to the form.
 */
function codeEntry(done: () => void): HTMLElement {
  const input = el('input', {
    id: 'codice-domanda',
    class: 'form-control font-monospace',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    'aria-describedby': 'codice-domanda-aiuto codice-domanda-errore',
  });
  const error = el('div', { class: 'invalid-feedback', id: 'codice-domanda-errore' });
  const form = el(
    'form',
    { class: 'mb-4', novalidate: true, 'aria-label': 'Codice identificativo' },
    el('label', { for: 'codice-domanda', class: 'form-label' }, 'Codice identificativo della domanda'),
    input,
    el(
      'p',
      { class: 'form-text', id: 'codice-domanda-aiuto' },
      `Inserisci (o incolla) il codice della tua domanda: 65 caratteri, da ${me.tokenHint?.replace('…', ' a ')}. La pagina lo mostrerà in gruppi numerati accanto al modulo di invio; resta solo in questa scheda del browser.`,
    ),
    error,
    el('button', { type: 'submit', class: 'btn btn-outline-primary mt-2' }, 'Mostra il codice'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    const problem = !/^[+-][0-9a-f]{64}$/.test(typed)
      ? 'Il codice ha 65 caratteri: il segno + o - seguito da 64 cifre 0-9 o lettere a-f minuscole.'
      : !matchesHint(typed)
        ? 'Questo non è il codice della tua domanda: controlla il primo e gli ultimi caratteri.'
        : undefined;
    error.textContent = problem ?? '';
    error.classList.toggle('d-block', Boolean(problem));
    input.classList.toggle('is-invalid', Boolean(problem));
    if (problem) return input.focus();
    rememberCode(typed);
    done();
  });
  return form;
}

const NO_RELOAD =
  "Non serve aggiornare la pagina: al Momento 4 passa da sola alla sala di attesa e al Momento 5 mostra da sola il modulo di invio, sull'orologio dello sportello. Aggiornarla non fa arrivare prima il modulo.";

function showInformation(status: CounterStatus) {
  setHeading('Informazioni sullo sportello', false);
  const moments = status.moments;
  const m4 = moments ? Date.parse(moments.m4) : undefined;
  const timer =
    m4 === undefined
      ? undefined
      : countdownView({
          id: 'conto-alla-rovescia',
          label: "Tempo all'apertura della sala di attesa (Momento 4), sull'orologio dello sportello:",
          target: m4,
          reached: 'È il Momento 4: la pagina passa alla sala di attesa.',
        });
  replaceApp(
    el('p', { class: 'lead' }, `Gentile ${me.firstName} ${me.lastName}, la registrazione è completa.`),
    tokenLine(),
    timer?.root,
    moments
      ? momentsTable(moments, status.registrationCloses, clock.now())
      : alertBox(
          'info',
          'La tabella temporale dello sportello non è ancora stata pubblicata: questa pagina si aggiorna da sola quando lo sarà.',
        ),
    el('h2', { class: 'h4 mt-4' }, 'Prima del click day'),
    el(
      'ul',
      {},
      el('li', {}, `Tieni aperta questa pagina. ${NO_RELOAD}`),
      el(
        'li',
        {},
        'Il modulo chiede alcuni caratteri del tuo codice identificativo, in posizioni diverse per ogni sessione: la pagina mostra il codice diviso in gruppi numerati, e per ogni carattere richiesto la posizione e il gruppo.',
      ),
      el(
        'li',
        {},
        "L'orario che fa fede è quello di arrivo sui sistemi dello sportello. Inviare più volte non serve: vale il primo invio, e la ricevuta resta visibile a ogni nuovo accesso.",
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
      'La pagina di prova ha la stessa forma del modulo di invio: usala per verificare la visualizzazione nel tuo browser.',
    ),
    el('a', { href: '/partecipante/prova/', class: 'btn btn-primary' }, 'Vai alla pagina di prova'),
  );
  waitingFor = m4;
  if (!timer || m4 === undefined) return ticker.set(undefined);
  const move = moveAt(m4, MOVE_JITTER_MS, () => void route());
  ticker.set((now) => {
    timer.update(now);
    move(now);
  });
}

function showWaitingRoom(status: CounterStatus) {
  setHeading('Sala di attesa');
  if (!status.moments) {
    waitingFor = undefined;
    ticker.set(undefined);
    replaceApp(
      alertBox('info', 'La tabella temporale non è disponibile: la pagina si aggiornerà da sola appena lo sarà.'),
    );
    return;
  }
  const opensAt = Date.parse(status.moments.m5);
  const timer = countdownView({
    id: 'conto-alla-rovescia',
    label: "Tempo all'apertura dello sportello (Momento 5), sull'orologio dello sportello:",
    target: opensAt,
    reached: 'Lo sportello è aperto: il modulo di invio compare tra pochi secondi.',
  });
  const action = el('div', { class: 'mt-3' });
  replaceApp(
    el('p', { class: 'lead' }, `Lo sportello apre al Momento 5: ${romeDateTime(opensAt)} (ora italiana).`),
    tokenLine(),
    timer.root,
    action,
    el(
      'p',
      {},
      "Non serve aggiornare la pagina: all'apertura il modulo di invio compare da solo in questa pagina entro pochi secondi (con un piccolo ritardo casuale, uguale per tutti in media, per distribuire il carico). Aggiornarla non fa arrivare prima il modulo. Durante il passaggio dal Momento 4 al Momento 5 possono esserci attese che non pregiudicano l'invio: l'orario che conta è quello di arrivo della domanda.",
    ),
    el('p', {}, 'Tieni a portata di mano il tuo codice identificativo: il modulo chiede alcuni dei suoi caratteri.'),
  );
  waitingFor = opensAt;
  const move = moveAt(opensAt, OPEN_JITTER_MS, () => void openFromWaitingRoom());
  ticker.set((now) => {
    timer.update(now);
    if (move(now))
      action.replaceChildren(alertBox('success', 'Lo sportello è aperto: caricamento del modulo di invio…'));
  });
}

/** At M5 the form is asked straight away (the status is not asked again: one request less at the peak). */
function openFromWaitingRoom(): Promise<void> {
  routing ??= showOpen(clock.status, false)
    .catch((error: unknown) => retryLater(error))
    .finally(() => {
      routing = undefined;
    });
  return routing;
}

/**
 * The counter is open: the receipt when the application was sent (asked together with the form on arrival, so that
 * no time is lost), else the form.
 */
async function showOpen(status: CounterStatus | undefined, askReceipt: boolean) {
  const [receipt, form] = await Promise.allSettled([
    askReceipt ? receiptOrNone() : Promise.resolve(undefined),
    authed<SendForm>('GET', '/sportello/form').then((a) => a.body),
  ]);
  if (receipt.status === 'rejected') throw receipt.reason;
  if (receipt.value) return showReceipt(receipt.value, { kind: 'kept' });
  if (form.status === 'rejected') {
    const error = form.reason as unknown;
    if (error instanceof ApiFailure && error.problem.code === 'PHASE_CLOSED') {
      // The server's clock says otherwise (skew or a cached status): draw what it says after a short backoff.
      if (error.problem.phase === 'CLOSED') return showClosed();
      early += 1;
      setTimeout(() => void route(), Math.min(30_000, 1000 * 2 ** early) + jitter(1000));
      return;
    }
    throw error;
  }
  early = 0;
  showSendForm(form.value, status);
}

async function receiptOrNone(): Promise<Receipt | undefined> {
  try {
    return (await authed<{ receipt: Receipt }>('GET', '/sportello/receipt')).body.receipt;
  } catch (error) {
    if (error instanceof ApiFailure && error.problem.status === 404) return undefined;
    throw error;
  }
}

const refetchReceipt = async () => (await authed<{ receipt: Receipt }>('GET', '/sportello/receipt')).body.receipt;

function showSendForm(form: SendForm, status: CounterStatus | undefined) {
  setHeading('Invio della domanda');
  const closesAt = status?.moments ? Date.parse(status.moments.m6) : undefined;
  const timer =
    closesAt === undefined
      ? undefined
      : countdownView({
          id: 'tempo-alla-chiusura',
          label: `Lo sportello chiude al Momento 6 (${romeDateTime(closesAt)}). Tempo rimasto:`,
          target: closesAt,
          reached: 'Lo sportello è chiuso.',
          compact: true,
        });
  const view = counterForm({
    notice:
      'Inserisci in ogni casella il carattere del tuo codice identificativo nella posizione indicata (dopo ogni carattere il cursore passa alla casella successiva), poi premi "Invia". Vale il primo invio corretto: l\'orario di arrivo è rilevato dai sistemi dello sportello.',
    codeLabel: 'Il tuo codice identificativo domanda',
    code: code(),
    codeEntry: () => codeEntry(() => showSendForm(form, status)),
    fields: form.fields,
    submit: 'Invia',
    async onSubmit(answers) {
      try {
        const answer = await authed<{ receipt: Receipt; message?: string }>('POST', '/sportello/send', {
          formId: form.formId,
          answers,
        });
        const { receipt, message } = answer.body;
        showReceipt(receipt, message ? { kind: 'replay', message } : { kind: 'first' });
      } catch (error) {
        if (!(error instanceof ApiFailure)) return view.problem(messageOf(error));
        const { code, fields, message } = error.problem;
        if (code === 'WRONG_ANSWER') {
          const named = fields?.map((f) => f.path.replace(/^answers\./, ''));
          return view.wrong(message, named && named.length > 0 ? named : undefined);
        }
        if (code === 'PHASE_CLOSED') return view.problem(message, reloadButton('Mostra lo stato dello sportello'));
        view.problem(message, ...(code === 'FORM_EXPIRED' ? [reloadButton('Aggiorna il modulo')] : []));
      }
    },
  });
  replaceApp(view.root, timer?.root);
  waitingFor = closesAt;
  if (!timer || closesAt === undefined) return ticker.set(undefined);
  const move = moveAt(closesAt, MOVE_JITTER_MS, () => void route());
  ticker.set((now) => {
    timer.update(now);
    move(now);
  });
}

/** Draws the page again for the phase the server says (no reload). */
function reloadButton(text: string): HTMLButtonElement {
  return el('button', { type: 'button', class: 'btn btn-outline-primary ms-2', onclick: () => void route() }, text);
}

function retryLater(error: unknown) {
  const seconds = error instanceof ApiFailure ? (error.problem.retryAfterSeconds ?? 0) : 0;
  waitingFor = undefined;
  ticker.set(undefined);
  replaceApp(
    alertBox('warning', messageOf(error)),
    el('button', { type: 'button', class: 'btn btn-primary', onclick: () => void route() }, 'Riprova'),
  );
  setTimeout(() => void route(), (seconds > 0 ? seconds * 1000 : 10_000) + jitter(OPEN_JITTER_MS));
}

function showReceipt(receipt: Receipt, occasion: ReceiptOccasion) {
  waitingFor = undefined;
  ticker.set(undefined);
  setHeading(occasion.kind === 'replay' ? 'Invio già effettuato' : 'Domanda presa in carico');
  replaceApp(receiptView(receipt, occasion, refetchReceipt));
}

async function showClosed() {
  waitingFor = undefined;
  ticker.set(undefined);
  setHeading('Sportello chiuso');
  const receipt = await receiptOrNone();
  replaceApp(
    alertBox('info', 'Lo sportello è chiuso: non è più possibile inviare domande.'),
    tokenLine(),
    receipt
      ? receiptView(receipt, { kind: 'kept' }, refetchReceipt)
      : el('p', {}, 'Non risulta alcun invio per la tua domanda.'),
    el(
      'p',
      { class: 'mt-4' },
      'Gli elenchi cronologici saranno pubblicati nella pagina ',
      el('a', { href: '/elenchi/' }, 'Elenchi cronologici'),
      '.',
    ),
  );
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
