/**
 * `POST /sportello/send` (R15, R16): the first valid send of a token, recorded exactly once, in two steps the route
 * runs around the body's validation (CONTRACT order: authentication, then a replay, then `RATE_LIMITED`, then
 * `VALIDATION`, then the rest):
 * - `admitSend` (before validation): which application, the caller's session (R11), a replay of a send already
 *   recorded (200 with the original receipt), the send limits;
 * - `recordSend` (after validation): the phase, annulment and NCD, the answers against the `formId`, then ONE
 *   conditional write with the platform's arrival instant — and only after it, the receipt's signature and the event.
 */
import { admitSession } from '#domain/accounts/session';
import { type RateCounter, sourceBlock } from '#domain/kernel/rate-counter';
import { type Phase, phaseAt } from '#domain/kernel/timetable';
import { Unavailable } from '#domain/kernel/unavailable';
import { admitAlone, boundApplicationOf } from './admission.ts';
import { checkAnswers, type FormPayload, formKey, readFormId, type SendInput } from './form.ts';
import { claimsOf, type Receipt, type ReceiptClaims, type SendOutcome, type SendRecord } from './ledger.ts';
import { isNcdList } from '#domain/lists/ncd';
import type { Arrival, CounterCaller, CounterDeps, CounterSettings, Participant } from './ports.ts';
import { CounterRefusal, refuse } from './refusals.ts';
import type { Application } from '#domain/kernel/application';

export const ALREADY_SENT_MESSAGE = "L'invio è già stato effettuato";

/** Send limits (R16): fixed windows, per account (refused attempts, shared) and per source address (this instance). */
export const SEND_WINDOW_SECONDS = 10;
export const SENDS_PER_ACCOUNT = 20;
export const SENDS_PER_SOURCE = 3_000;
/** Name of the per-account counter in the shared rate-counter store. */
export const SEND_ACCOUNT_LIMIT_NAME = 'send-account-refused';
/** Without a platform deadline, a throttled write is retried this long before the answer is 503. */
const DEFAULT_WRITE_BUDGET_MS = 10_000;

export interface SentReceipt extends Receipt {
  firstSend: boolean;
}

export type SendResult =
  { firstSend: true; receipt: SentReceipt } | { firstSend: false; receipt: SentReceipt; message: string };

/** What `admitSend` found, handed to `recordSend`: nothing is read twice. */
export interface SendTicket {
  participant: Participant;
  application: Application;
  settings: CounterSettings;
  arrival: Arrival;
  /** The authentic `formId` of the body, if it had one (its age and session are judged by `recordSend`). */
  form: FormPayload | undefined;
}

export type SendAdmission = { replay: SendResult } | { ticket: SendTicket };

const replay = (receipt: Receipt): SendResult => ({
  firstSend: false,
  receipt: { ...receipt, firstSend: false },
  message: ALREADY_SENT_MESSAGE,
});

/**
 * Before validation. Primary course:
 * 1. the application: from the body's authentic `formId` (issued to this account: no read), else the binding index;
 * 2. a receipt this function already holds → replay (the session checked alone);
 * 3. ONE read of the session, the application, the list's settings and the refused attempts; the session (R11);
 *    an application already sent → replay of its original receipt;
 * 4. the send limits (`RATE_LIMITED`).
 */
export async function admitSend(
  caller: CounterCaller,
  body: unknown,
  arrival: Arrival,
  deps: CounterDeps,
): Promise<SendAdmission> {
  const form = readFormId(formIdOf(body), await formKey(deps.formSecret), caller.sub);
  const bound = form?.application ?? (await boundApplicationOf(caller, arrival.atMs, deps));
  const known = deps.sent.get(bound.token);
  if (known) {
    await admitAlone(caller, arrival.atMs, deps);
    return { replay: replay(known) };
  }
  const deadlineMs = arrival.deadlineMs ?? arrival.atMs + DEFAULT_WRITE_BUDGET_MS;
  const snapshot = await deps.reads.forSend(bound, caller.sub, arrival.atMs, deadlineMs);
  const at = new Date(arrival.atMs);
  const session = await admitSession('participant', caller.sub, caller.tokenId, snapshot.session, at, deps.sessions);
  const participant = { sub: session.sub, sessionId: session.sessionId };
  const application = snapshot.application;
  // The binding index (or a formId issued before a reset) may lag; the application item is the truth.
  if (application?.participant?.sub !== participant.sub) throw refuse.noApplication();
  if (application.sentAt) {
    const original = await deps.sends.get(application.token);
    if (!original) throw new Error('application consumed without a send record');
    return { replay: replay(await signedReceipt(original, deps)) };
  }
  await requireWithinLimits(deps.sourceRates, snapshot.refusedAttempts, arrival);
  return { ticket: { participant, application, settings: snapshot.settings, arrival, form } };
}

/**
 * After validation. Primary course:
 * 1. the phase (`OPEN` under the list's timetable), annulment and NCD (`TOKEN_CONSUMED`), the answers against this
 *    session's `formId` (`FORM_EXPIRED`, `WRONG_ANSWER`);
 * 2. ONE conditional write records the send with the platform's arrival instant and consumes the application — a
 *    concurrent winner's record is answered as a replay, never a second record or a new time;
 * 3. then the receipt is signed (no remote call; `PENDING` while the key awaits its certificate);
 * 4. the send is announced on the queue; if that fails the record stands and the reconciler republishes it.
 */
export async function recordSend(ticket: SendTicket, input: SendInput, deps: CounterDeps): Promise<SendResult> {
  const { application, participant, settings, arrival } = ticket;
  requireOpen(settings.timetable, arrival.atMs);
  if (application.annulment) throw refuse.consumed('annulled');
  if (await inNcdList(application, settings, deps)) throw refuse.consumed('ncd');
  const form = ticket.form ?? readFormId(input.formId, await formKey(deps.formSecret), participant.sub);
  const check = checkAnswers(form, input.answers, application.token, participant, arrival.atMs);
  if (!check.ok) throw refuse.answer(check.code, check.message, 'wrong' in check ? check.wrong : []);

  const claims: ReceiptClaims = {
    receiptId: deps.newReceiptId(),
    token: application.token,
    arrivalTime: new Date(arrival.atMs).toISOString(),
  };
  const send: SendRecord = {
    ...claims,
    participantSub: participant.sub,
    region: application.region,
    axis: application.axis,
    sessionId: participant.sessionId,
    // Evidence of automation (R16): how long after the form the send came, and from where.
    ...(form ? { formIssuedAt: new Date(form.issuedAt).toISOString() } : {}),
    sourceIp: arrival.sourceIp,
  };
  const outcome = await recordOnce(send, arrival.deadlineMs ?? arrival.atMs + DEFAULT_WRITE_BUDGET_MS, deps);
  if (outcome.kind === 'already-sent') return replay(await signedReceipt(outcome.receipt, deps));
  if (outcome.kind === 'refused') {
    // The binding or the annulment changed between the read and the transaction.
    throw outcome.reason === 'annulled' ? refuse.consumed('annulled') : refuse.noApplication();
  }
  const receipt = await signedReceipt(outcome.receipt, deps);
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

/** A refusal after the precheck counts against the account's window of refused attempts (not a limit itself). */
export async function countRefusal(ticket: SendTicket, error: unknown, deps: Pick<CounterDeps, 'accountRates'>) {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof CounterRefusal ? code === 'RATE_LIMITED' : code !== 'VALIDATION') return;
  await deps.accountRates.hit(
    SEND_ACCOUNT_LIMIT_NAME,
    ticket.participant.sub,
    SEND_WINDOW_SECONDS,
    new Date(ticket.arrival.atMs),
  );
}

/** The receipt of a record, signed after the fact; remembered once signed (a recorded send never changes). */
export async function signedReceipt(
  record: ReceiptClaims,
  deps: Pick<CounterDeps, 'signer' | 'sent'>,
  options?: { wait?: boolean },
): Promise<Receipt> {
  const claims = claimsOf(record);
  const signature = await deps.signer.sign(claims, options);
  if (signature === null) return { ...claims, signature: null, signatureStatus: 'PENDING' };
  return deps.sent.remember({ ...claims, signature, signatureStatus: 'SIGNED' });
}

/** The `formId` of a body that may not be valid yet (a string field, or nothing). */
function formIdOf(body: unknown): string | undefined {
  const formId = (body as { formId?: unknown } | null)?.formId;
  return typeof formId === 'string' ? formId : undefined;
}

/** Refuses with `PHASE_CLOSED` (and the phase) unless the counter is `OPEN` at the arrival instant. */
function requireOpen(timetable: CounterSettings['timetable'], atMs: number): void {
  const phase: Phase = phaseAt(timetable, atMs);
  if (phase !== 'OPEN') throw refuse.phaseClosed(phase);
}

/** R22a's frozen decision when there is one; until then R17c's live rule on the list's total. */
async function inNcdList(application: Application, settings: CounterSettings, deps: CounterDeps): Promise<boolean> {
  if (settings.ncd !== undefined) return settings.ncd;
  if (settings.allocationCents === undefined) return false;
  return isNcdList(
    settings.allocationCents,
    await deps.listTotals.requestedCents(application.region, application.axis),
  );
}

function untilWindowEnds(atMs: number): number {
  const seconds = Math.floor(atMs / 1000);
  return SEND_WINDOW_SECONDS - (seconds % SEND_WINDOW_SECONDS);
}

const ACCOUNT_MESSAGE =
  'Troppi invii non validi in pochi secondi da questo account: attendere qualche istante e riprovare. Gli invii automatici non sono consentiti.';
const SOURCE_MESSAGE = 'Troppe richieste da questa rete in pochi secondi: attendere qualche istante e riprovare.';

/**
 * Send limits (R16: automated sending is forbidden, many people behind one office address are not):
 * - per account: REFUSED attempts (wrong answers, expired forms, closed phase…) on the shared atomic counter, read with
 *   the send's other data and written only when an attempt is refused (`countRefusal`). A person retypes a wrong
 *   answer a few times; a script hammering is stopped here. The one successful send of a token needs no counting.
 * - per source: CONTRACT asks for at least 100 requests a second from one address; this allows 300, so an office
 *   sending for many companies passes, while one address flooding the counter is slowed down. Kept in the function's
 *   memory: on AWS the edge (WAF rate rules on the viewer address) limits sources across all instances.
 */
async function requireWithinLimits(sourceRates: RateCounter, refusedAttempts: number, arrival: Arrival) {
  const at = new Date(arrival.atMs);
  const bySource = await sourceRates.hit('send-source', sourceBlock(arrival.sourceIp), SEND_WINDOW_SECONDS, at);
  if (refusedAttempts >= SENDS_PER_ACCOUNT) throw refuse.rateLimited(untilWindowEnds(arrival.atMs), ACCOUNT_MESSAGE);
  if (bySource > SENDS_PER_SOURCE) throw refuse.rateLimited(untilWindowEnds(arrival.atMs), SOURCE_MESSAGE);
}

/**
 * The transaction, with its one ambiguous case settled: when the answer is lost (a timeout after DynamoDB committed),
 * the record is looked up before telling the participant that nothing was recorded.
 */
async function recordOnce(send: SendRecord, deadlineMs: number, deps: CounterDeps): Promise<SendOutcome> {
  try {
    return await deps.sends.recordFirst(send, deadlineMs);
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    const existing = await deps.sends.get(send.token).catch(() => undefined);
    if (!existing) throw error;
    return existing.receiptId === send.receiptId
      ? { kind: 'recorded', receipt: existing }
      : { kind: 'already-sent', receipt: existing };
  }
}

/**
 * Receipts known to be recorded and signed, kept in memory by one warm function. A recorded send is never changed nor
 * removed (R15) and its signature is deterministic, so remembering it can never be stale: later sends of the same
 * token (a double click, a refresh, a script) are answered with the original receipt without touching the database.
 * Bounded: past the size, it starts over.
 */
export class SentReceipts {
  private readonly known = new Map<string, Receipt>();

  constructor(private readonly maxSize = 100_000) {}

  get(token: string): Receipt | undefined {
    return this.known.get(token);
  }

  remember(receipt: Receipt): Receipt {
    if (this.known.size >= this.maxSize) this.known.clear();
    const kept: Receipt = {
      ...claimsOf(receipt),
      signature: receipt.signature,
      signatureStatus: receipt.signatureStatus,
    };
    this.known.set(receipt.token, kept);
    return kept;
  }
}
