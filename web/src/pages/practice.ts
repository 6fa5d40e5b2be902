/**
 * The test page (R3, before M4): the practice form of `GET /sportello/test-form`, laid out exactly as the send form
 * (the same groups, boxes and messages), with a sample code instead of the participant's. Nothing is sent: the
 * answers are checked in the page, and a wrong one names its position and group as the real form does. The page
 * says when M4 comes (the counter moves to the waiting room) and checks the session as the counter does.
 */
import { ApiFailure, messageOf } from '../lib/api.ts';
import { ServerClock, Ticker } from '../lib/clock.ts';
import { type CounterField, counterForm } from '../lib/counterForm.ts';
import { alertBox, el, replaceApp, setHeading } from '../lib/dom.ts';
import { romeDateTime } from '../lib/format.ts';
import { authed, showAccountZone, watchSession } from '../lib/session.ts';

interface PracticeForm {
  title: string;
  notice: string;
  sampleCode: string;
  fields: CounterField[];
}

const NOTICE =
  'Questa pagina serve solo a provare il modulo: ha la stessa forma del modulo di invio, ma chiede i caratteri del codice di esempio qui sotto, non del tuo codice identificativo. Inserisci in ogni casella il carattere nella posizione indicata (dopo ogni carattere il cursore passa alla casella successiva). Il vero modulo compare da solo nella pagina dello sportello al Momento 5, senza aggiornarla.';

const charactersAt = (code: string, positions: number[]) => positions.map((p) => code[p - 1] ?? '').join('');

async function main() {
  const me = await authed<{ firstName: string; lastName: string; region?: string; axis?: string }>('GET', '/me');
  showAccountZone('participant', `${me.body.firstName} ${me.body.lastName}`);
  watchSession();
  let practice: PracticeForm;
  try {
    practice = (await authed<PracticeForm>('GET', '/sportello/test-form')).body;
  } catch (error) {
    const closed = error instanceof ApiFailure && error.problem.code === 'PHASE_CLOSED';
    replaceApp(
      alertBox(closed ? 'warning' : 'danger', messageOf(error)),
      el('a', { href: '/partecipante/sportello/', class: 'btn btn-primary' }, 'Vai allo sportello'),
    );
    return;
  }
  setHeading(practice.title, false);
  const view = counterForm({
    notice: NOTICE,
    codeLabel: 'Codice di esempio (non è il tuo codice identificativo)',
    code: practice.sampleCode,
    fields: practice.fields,
    submit: 'Invia (prova)',
    async onSubmit(answers) {
      const wrong = practice.fields.filter((f) => answers[f.name] !== charactersAt(practice.sampleCode, f.positions));
      if (wrong.length > 0) {
        return view.wrong(
          'Prova: i caratteri inseriti non corrispondono a quelli del codice di esempio.',
          wrong.map((f) => f.name),
        );
      }
      view.status.replaceChildren(
        alertBox(
          'success',
          'Prova riuscita: i caratteri inseriti sono corretti. Nessuna domanda è stata inviata; nel click day il pulsante "Invia" registra la domanda.',
        ),
      );
    },
  });
  const m4Notice = el('div', { class: 'mt-4' });
  replaceApp(
    view.root,
    m4Notice,
    el(
      'p',
      { class: 'mt-4' },
      el('a', { href: '/partecipante/sportello/' }, 'Torna alle informazioni sullo sportello'),
    ),
  );
  await announceM4(m4Notice, me.body);
}

/** "The test page is there until M4 (…)"; at M4 a link to the waiting room, which the counter page then shows. */
async function announceM4(box: HTMLElement, scope: { region?: string; axis?: string }) {
  const clock = new ServerClock({
    ...(scope.region ? { region: scope.region } : {}),
    ...(scope.axis ? { axis: scope.axis } : {}),
  });
  const status = await clock.sync().catch(() => undefined);
  if (!status?.moments) return;
  const m4 = Date.parse(status.moments.m4);
  box.replaceChildren(
    el(
      'p',
      {},
      `La pagina di prova è disponibile fino al Momento 4 (${romeDateTime(m4)}, ora italiana), quando la pagina dello sportello passa da sola alla sala di attesa.`,
    ),
  );
  const ticker = new Ticker(clock);
  ticker.set((now) => {
    if (now < m4) return;
    ticker.set(undefined);
    box.replaceChildren(
      alertBox(
        'info',
        'È il Momento 4: la sala di attesa è aperta. ',
        el('a', { href: '/partecipante/sportello/' }, 'Vai alla sala di attesa'),
      ),
    );
  });
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
