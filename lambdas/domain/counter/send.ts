/** `POST /sportello/send` (R15, R16): the first valid send of a token, recorded exactly once. */
import { z } from 'zod';
import { toIsoUtc } from '#domain/kernel/instant';
import { type Application } from '#domain/kernel/application';
import { type Receipt, type SendOutcome, type SendRecord } from './ledger.ts';
import { Unavailable } from '#domain/kernel/unavailable';
import { checkAnswers } from './form.ts';
import { boundApplicationOf, isNcdList, requireOpen } from './admission.ts';
import { admit, admitAlone } from './admission.ts';
import type { Arrival, CounterCaller, CounterDeps, Participant } from './ports.ts';
import { countingRefusals, requireWithinLimits } from './rate-limits.ts';
import { refuse } from './refusals.ts';

export const ALREADY_SENT_MESSAGE = "L'invio è già stato effettuato";

export const SendBody = z.object({
  formId: z.string({ error: 'Campo obbligatorio: ricaricare la pagina del modulo.' }).min(1).max(2048),
  answers: z.record(
    z.string().max(32),
    z.string({ error: 'Ogni risposta deve essere un testo.' }).max(64, 'Risposta troppo lunga.'),
    { error: 'Campo obbligatorio: le risposte del modulo di invio.' },
  ),
});

export interface SentReceipt extends Receipt {
  firstSend: boolean;
}

export type SendResult =
  { firstSend: true; receipt: SentReceipt } | { firstSend: false; receipt: SentReceipt; message: string };

const replay = (receipt: Receipt): SendResult => ({
  firstSend: false,
  receipt: { ...receipt, firstSend: false },
  message: ALREADY_SENT_MESSAGE,
});

/**
 * Records the first valid send of the caller's application. Primary course:
 * 1. find the application bound to the caller; read its item, the list's settings, the caller's session and refused
 *    attempts in one request; check the session (R11); if the application was already sent, answer with its
 *    original receipt (200) — from memory when this function recorded or read it before (the session read alone);
 * 2. count the attempt against the per-account and per-source limits (`RATE_LIMITED`);
 * 3. check the body, the phase (`OPEN` under the list's timetable), that the application is neither annulled nor in
 *    an NCD list (`TOKEN_CONSUMED`), and the answers against this session's `formId`;
 * 4. sign the receipt over the platform's arrival instant and record it in one transaction with the application's
 *    consumption — a concurrent winner's receipt is answered as a replay, never a second record or a new time;
 * 5. announce the send on the queue; if that fails the receipt stands and the reconciler republishes it.
 */
export async function sendApplication(
  caller: CounterCaller,
  body: unknown,
  arrival: Arrival,
  deps: CounterDeps,
): Promise<SendResult> {
  const bound = await boundApplicationOf(caller, arrival.atMs, deps);
  const known = deps.sent.get(bound.token);
  if (known) {
    await admitAlone(caller, arrival.atMs, deps);
    return replay(known);
  }
  const { session, application, settings, refusedAttempts } = await deps.reads.forSend(bound, caller.sub, arrival.atMs);
  const participant = await admit(caller, session, arrival.atMs, deps);
  // The binding index may lag; the application item is the truth.
  if (application?.participant?.sub !== participant.sub) throw refuse.noApplication();
  if (application.sentAt) {
    const original = await deps.sends.get(application.token);
    if (!original) throw new Error('application consumed without a send record');
    return replay(deps.sent.remember(original));
  }
  await requireWithinLimits(deps, refusedAttempts, arrival.sourceIp, arrival.atMs);
  return countingRefusals(deps, participant.sub, arrival.atMs, async () => {
    const input = SendBody.safeParse(body);
    if (!input.success) {
      throw refuse.validation(
        input.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      );
    }
    requireOpen(settings.timetable, arrival.atMs);
    if (application.annulment) throw refuse.consumed('annulled');
    if (
      settings.allocationCents !== undefined &&
      isNcdList(settings.allocationCents, await deps.listTotals.requestedCents(bound.region, bound.axis))
    ) {
      throw refuse.consumed('ncd');
    }
    const check = checkAnswers(
      input.data.formId,
      input.data.answers,
      application.token,
      participant.sub,
      participant.sessionId,
      arrival.atMs,
      deps.formSecret,
    );
    if (!check.ok) throw refuse.answer(check.code, check.message);
    return record(application, participant, arrival, deps);
  });
}

async function record(
  application: Application,
  participant: Participant,
  arrival: Arrival,
  deps: CounterDeps,
): Promise<SendResult> {
  const claims = { receiptId: deps.newReceiptId(), token: application.token, arrivalTime: toIsoUtc(arrival.atMs) };
  const send: SendRecord = {
    ...claims,
    signature: await deps.signer.sign(claims),
    participantSub: participant.sub,
    region: application.region,
    axis: application.axis,
    sessionId: participant.sessionId,
  };
  const outcome = await recordOnce(send, deps);
  if (outcome.kind === 'already-sent') return replay(deps.sent.remember(outcome.receipt));
  if (outcome.kind === 'refused') {
    // The binding or the annulment changed between the read and the transaction.
    throw outcome.reason === 'annulled' ? refuse.consumed('annulled') : refuse.noApplication();
  }
  const receipt = deps.sent.remember(outcome.receipt);
  try {
    await deps.events.publish(send);
  } catch (error) {
    deps.log.warn('send event not published; the reconciler will republish it from the sends table', {
      receiptId: send.receiptId,
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
  return { firstSend: true, receipt: { ...receipt, firstSend: true } };
}

/**
 * The transaction, with its one ambiguous case settled: when the answer is lost (a timeout after DynamoDB committed),
 * the record is looked up before telling the participant that nothing was recorded.
 */
async function recordOnce(send: SendRecord, deps: CounterDeps): Promise<SendOutcome> {
  try {
    return await deps.sends.recordFirst(send);
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    const existing = await deps.sends.get(send.token).catch(() => undefined);
    if (!existing) throw error;
    return existing.receiptId === send.receiptId
      ? { kind: 'recorded', receipt: existing }
      : { kind: 'already-sent', receipt: existing };
  }
}
