/**
 * The test page (R3, before M4): the practice form of `GET /sportello/test-form`, laid out exactly as the send form,
 * with a sample code instead of the participant's. Nothing is sent: the answers are checked in the page.
 */
import { ApiFailure, messageOf } from '../lib/api.ts';
import { type CounterField, counterForm } from '../lib/counterForm.ts';
import { alertBox, el, replaceApp, setHeading } from '../lib/dom.ts';
import { authed, showAccountZone } from '../lib/session.ts';

interface PracticeForm {
  title: string;
  notice: string;
  sampleCode: string;
  fields: CounterField[];
}

const charactersAt = (code: string, positions: number[]) => positions.map((p) => code[p - 1] ?? '').join('');

async function main() {
  const me = await authed<{ firstName: string; lastName: string }>('GET', '/me');
  showAccountZone('participant', `${me.body.firstName} ${me.body.lastName}`);
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
    notice: practice.notice,
    codeLabel: 'Codice di esempio (non è il tuo codice identificativo)',
    code: practice.sampleCode,
    fields: practice.fields,
    submit: 'Invia (prova)',
    async onSubmit(answers) {
      const right = practice.fields.every((f) => answers[f.name] === charactersAt(practice.sampleCode, f.positions));
      if (!right)
        return view.problem(
          'Prova: i caratteri inseriti non corrispondono a quelli del codice di esempio. Controllare e riprovare.',
        );
      view.status.replaceChildren(
        alertBox(
          'success',
          'Prova riuscita: i caratteri inseriti sono corretti. Nessuna domanda è stata inviata; nel click day il pulsante "Invia" registra la domanda.',
        ),
      );
    },
  });
  replaceApp(
    view.root,
    el(
      'p',
      { class: 'mt-4' },
      el('a', { href: '/partecipante/sportello/' }, 'Torna alle informazioni sullo sportello'),
    ),
  );
}

main().catch((error: unknown) => replaceApp(alertBox('danger', messageOf(error))));
