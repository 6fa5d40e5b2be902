/**
 * The counter's refusals: a CONTRACT error code, an Italian message saying what to do, and extras (`phase`).
 * `lambdas/http/errors.ts` turns any Error carrying a CONTRACT `code` into the HTTP answer, so the domain names the
 * outcome without importing the HTTP layer.
 */
import { DomainRefusal } from '#domain/kernel/refusal';
import type { Phase } from '#domain/kernel/timetable';
import type { FormField } from './form.ts';

export type CounterRefusalCode =
  | 'FORBIDDEN'
  | 'PHASE_CLOSED'
  | 'TOKEN_CONSUMED'
  | 'WRONG_ANSWER'
  | 'FORM_EXPIRED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'VALIDATION';

export class CounterRefusal extends DomainRefusal<CounterRefusalCode> {
  override readonly name = 'CounterRefusal';
}

export const NO_APPLICATION_MESSAGE =
  'Nessuna domanda è associata a questo account: lo sportello è riservato al partecipante registrato con il codice identificativo.';

const PHASE_MESSAGES: Partial<Record<Phase, string>> = {
  BEFORE_REGISTRATION: 'Lo sportello non è ancora aperto: il modulo di invio sarà disponibile dal Momento 5.',
  REGISTRATION: 'Lo sportello non è ancora aperto: il modulo di invio sarà disponibile dal Momento 5.',
  PRE_COUNTER: 'Lo sportello non è ancora aperto: il modulo di invio sarà disponibile dal Momento 5.',
  WAITING_ROOM:
    'Sala di attesa: il modulo di invio sarà disponibile dal Momento 5 e la pagina dello sportello lo mostrerà da sola.',
  CLOSED: 'Lo sportello è chiuso (Momento 6 superato): non è più possibile inviare domande.',
};

export const refuse = {
  noApplication: () => new CounterRefusal('FORBIDDEN', NO_APPLICATION_MESSAGE),
  phaseClosed: (phase: Phase, message?: string) =>
    new CounterRefusal('PHASE_CLOSED', message ?? PHASE_MESSAGES[phase] ?? '', { phase }),
  consumed: (why: 'annulled' | 'ncd') =>
    new CounterRefusal(
      'TOKEN_CONSUMED',
      why === 'annulled'
        ? "Invio non consentito: la domanda è stata annullata dall'amministrazione."
        : 'Invio non consentito: la domanda è in un elenco NCD (senza click day) ed è ammessa direttamente.',
    ),
  rateLimited: (retryAfterSeconds: number, message: string) =>
    new CounterRefusal('RATE_LIMITED', message, undefined, Math.max(1, Math.ceil(retryAfterSeconds))),
  answer: (code: 'WRONG_ANSWER' | 'FORM_EXPIRED', message: string, wrong: readonly FormField[] = []) =>
    new CounterRefusal(
      code,
      message,
      wrong.length > 0
        ? {
            fields: wrong.map((f) => ({
              path: `answers.${f.name}`,
              message: `I caratteri delle posizioni ${f.positions.join(', ')} non corrispondono al codice identificativo.`,
            })),
          }
        : undefined,
    ),
  noReceipt: () =>
    new CounterRefusal('NOT_FOUND', 'Nessuna ricevuta: la domanda non è ancora stata inviata con questo account.'),
  validation: (fields: { path: string; message: string }[]) => new CounterRefusal('VALIDATION', '', { fields }),
};
