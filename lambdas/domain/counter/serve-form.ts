/** `GET /sportello/form` (R14) and `GET /sportello/test-form` (R3). Neither writes anything. */

import {
  buildForm,
  buildPracticeForm,
  type FormField,
  formKey,
  type RandomSource,
  type SendForm,
  signFormId,
} from './form.ts';
import { type Phase, phaseAt } from '#domain/kernel/timetable';
import { admit, admitAlone, boundApplicationOf, requireOpen } from './admission.ts';
import type { Arrival, CounterCaller, CounterDeps } from './ports.ts';
import { refuse } from './refusals.ts';

/**
 * The send form of the caller's session. Primary course:
 * 1. find the application bound to the caller (its list);
 * 2. read the caller's session and the list's settings in one request; check the session (R11);
 * 3. require the counter OPEN at the arrival instant under that list's timetable (else `PHASE_CLOSED`);
 * 4. draw the token positions for this session and sign them into a stateless `formId` (nothing is stored).
 */
export async function sendFormFor(
  caller: CounterCaller,
  arrival: Arrival,
  deps: Pick<CounterDeps, 'participants' | 'sessions' | 'reads' | 'formSecret'>,
  random?: RandomSource,
): Promise<SendForm> {
  const bound = await boundApplicationOf(caller, arrival.atMs, deps);
  const { session, settings } = await deps.reads.forForm(bound, caller.sub);
  const participant = await admit(caller, session, arrival.atMs, deps);
  requireOpen(settings.timetable, arrival.atMs);
  const key = await formKey(deps.formSecret);
  return buildForm(participant.sub, participant.sessionId, arrival.atMs, key, random, bound);
}

/** Phases in which the practice page is offered: before M4 (R3). */
const PRACTICE_PHASES: readonly Phase[] = ['BEFORE_REGISTRATION', 'REGISTRATION', 'PRE_COUNTER'];

export interface PracticeFormBody {
  formId: string;
  fields: FormField[];
  practice: true;
  title: string;
  notice: string;
  sampleCode: string;
}

/**
 * The practice form (R3): the real form's shape (a `formId` and the same fields and lengths), different names and
 * text, asking for characters of a sample code. Primary course:
 * 1. check the caller's session (R11);
 * 2. the caller's list, when an application is bound (its timetable applies; otherwise the global one);
 * 3. require a phase before M4 (else `PHASE_CLOSED`);
 * 4. build the practice form; its `formId` names a practice session, so it can never be sent.
 */
export async function practiceFormFor(
  caller: CounterCaller,
  arrival: Arrival,
  deps: Pick<CounterDeps, 'participants' | 'sessions' | 'config' | 'formSecret'>,
  random?: RandomSource,
): Promise<PracticeFormBody> {
  const participant = await admitAlone(caller, arrival.atMs, deps);
  const bound = await deps.participants.applicationOf(participant.sub);
  const timetable = bound
    ? (await deps.config.settingsFor(bound.region, bound.axis)).timetable
    : await deps.config.globalTimetable();
  const phase = phaseAt(timetable, arrival.atMs);
  if (!PRACTICE_PHASES.includes(phase)) {
    throw refuse.phaseClosed(
      phase,
      phase === 'CLOSED'
        ? 'La pagina di prova non è più disponibile: lo sportello è chiuso.'
        : 'La pagina di prova è disponibile solo prima del Momento 4: ora si accede alla sala di attesa e al modulo reale.',
    );
  }
  const practice = buildPracticeForm(random);
  const formId = signFormId(
    {
      accountId: participant.sub,
      sessionId: `practice:${participant.sessionId}`,
      positions: practice.fields.map((f) => f.positions),
      issuedAt: arrival.atMs,
    },
    await formKey(deps.formSecret),
  );
  return { formId, ...practice };
}
