/**
 * The public calendar of the Momenti (R2): `GET /sportello/status`, the global timetable or the one that applies to a
 * region and axis (R2b), in Rome time, with a countdown on the server's clock to the next Momento. The page moves on
 * by itself when a Momento passes and asks the timetable again every minute or so.
 */
import { AXES, REGIONS } from '#domain/kernel/geography';
import { messageOf } from '../lib/api.ts';
import { MOMENT_KEYS, type Moments, nextMoment, ServerClock, Ticker } from '../lib/clock.ts';
import { countdownView } from '../lib/countdown.ts';
import { alertBox, el, param, replaceApp } from '../lib/dom.ts';
import { momentsTable } from '../lib/moments.ts';

const PHASE_WORDS: Record<string, string> = {
  BEFORE_REGISTRATION: 'registrazioni non ancora aperte',
  REGISTRATION: 'registrazioni aperte',
  PRE_COUNTER: 'registrazioni aperte o chiuse secondo la tabella; sportello non ancora aperto',
  WAITING_ROOM: 'sala di attesa aperta (dal Momento 4)',
  OPEN: 'sportello aperto: invio delle domande (dal Momento 5 al Momento 6)',
  CLOSED: 'sportello chiuso',
};

const clock = new ServerClock();
const ticker = new Ticker(clock);
const content = el('div', { 'aria-live': 'off' });

function scopeSelect(id: string, label: string, values: readonly string[], any: string, value: string) {
  const select = el(
    'select',
    { id, class: 'form-select' },
    el('option', { value: '' }, any),
    ...values.map((v) => el('option', { value: v }, v)),
  );
  select.value = values.includes(value) ? value : '';
  return {
    select,
    group: el('div', { class: 'col-md-6 mb-3' }, el('label', { for: id, class: 'form-label' }, label), select),
  };
}

const region = scopeSelect(
  'regione',
  'Regione o provincia autonoma',
  REGIONS,
  'Tutte (tabella generale)',
  param('regione'),
);
const axis = scopeSelect('asse', 'Asse di finanziamento', AXES, 'Tutti (tabella generale)', param('asse'));

/** Draws started so far: an answer that arrives after a newer draw began (another region or axis) is dropped. */
let draws = 0;

async function draw() {
  const drawing = ++draws;
  clock.scope = {
    ...(region.select.value ? { region: region.select.value } : {}),
    ...(axis.select.value ? { axis: axis.select.value } : {}),
  };
  let status;
  try {
    status = await clock.sync();
  } catch (error) {
    if (drawing !== draws) return;
    ticker.set(undefined);
    content.replaceChildren(alertBox('warning', messageOf(error)));
    return;
  }
  // Choosing a region then an axis starts two draws: the first one's answer, if slower, must not replace the second's.
  if (drawing !== draws) return;
  const moments: Moments | null = status.moments;
  if (!moments) {
    ticker.set(undefined);
    content.replaceChildren(
      alertBox('info', 'La tabella temporale non è ancora stata pubblicata: sarà in questa pagina appena disponibile.'),
    );
    return;
  }
  const now = clock.now();
  const next = nextMoment(moments, now);
  const timer = next
    ? countdownView({
        id: 'prossimo-momento',
        label: `Tempo al Momento ${MOMENT_KEYS.indexOf(next.key) + 1}, sull'orologio dello sportello:`,
        target: next.at,
        reached: `È il Momento ${MOMENT_KEYS.indexOf(next.key) + 1}.`,
      })
    : undefined;
  content.replaceChildren(
    el('p', {}, 'Fase attuale: ', el('strong', {}, PHASE_WORDS[status.phase] ?? status.phase), '.'),
    timer?.root ?? alertBox('info', 'Tutti i Momenti di questa tabella sono passati: lo sportello è chiuso.'),
    momentsTable(moments, status.registrationCloses, now),
    el(
      'p',
      { class: 'small' },
      "Orari in ora italiana. Fa fede l'orologio dello sportello (UTC, al millesimo di secondo): il conto alla rovescia lo segue, anche se l'orologio di questo dispositivo è avanti o indietro.",
    ),
  );
  if (!timer || !next) return ticker.set(undefined);
  let redrawn = false;
  ticker.set((nowMs) => {
    if (timer.update(nowMs) && !redrawn) {
      redrawn = true;
      setTimeout(() => void draw(), 1000 + Math.random() * 2000);
    }
  });
}

function keepSynced() {
  setTimeout(() => void draw().finally(keepSynced), 60_000 + Math.random() * 5000);
}

replaceApp(
  el(
    'form',
    { class: 'row', 'aria-label': 'Tabella per regione e asse', onsubmit: (e: Event) => e.preventDefault() },
    region.group,
    axis.group,
    el(
      'p',
      { class: 'small col-12' },
      'Le date possono essere diverse per regione o asse: scegliendoli si vede la tabella che si applica a quelle domande (se non ne è stata fissata una specifica, vale quella generale).',
    ),
  ),
  content,
);
region.select.addEventListener('change', () => void draw());
axis.select.addEventListener('change', () => void draw());
void draw().then(keepSynced);
