/**
 * Sequencing: how recorded first sends (and annulments) become leaves of the edition's log without touching the send.
 *
 * The send's own path never waits for the log: it commits its record and publishes its event on `sends.fifo`, as
 * before. The queue's consumer files each batch in the live ranking and then calls {@link logSends} once for the
 * whole batch — one compare-and-set of the log head per batch, whatever its size. Leaf indexes are assigned only by
 * that compare-and-set, keyed by token, so a redelivered event or a retried batch finds its first index again
 * (`duplicate`) and never gets a second leaf. The reconciler ({@link reconcileLog}) appends whatever the consumer
 * did not (an event lost, a batch that kept failing), so after it has run the log holds every record.
 *
 * Order: within a batch, entries are appended by recorded arrival, then token. Between batches the log's order is the
 * order of sequencing, not of arrival: the lists never rely on it, they sort by the arrival each entry carries.
 */
import type { AppendOutcome, TransparencyLog } from './log.ts';
import { annulmentKey, sendKey } from './log.ts';
import { type AnnulmentEntry, reasonSha256, type SendEntry } from './entries.ts';

/** The most entries one compare-and-set appends: keeps the head item (with its pending batch) well under 400 KB. */
export const MAX_APPEND = 64;

export interface LoggedSend {
  token: string;
  arrivalTime: string;
  receiptId: string;
}

export interface LoggedAnnulment {
  token: string;
  reason: string;
  annulledAt: string;
}

const byArrival = (a: LoggedSend, b: LoggedSend) =>
  a.arrivalTime < b.arrivalTime ? -1 : a.arrivalTime > b.arrivalTime ? 1 : a.token < b.token ? -1 : 1;

export function sendEntry(send: LoggedSend): SendEntry {
  return { kind: 'send', token: send.token, arrivalTime: send.arrivalTime, receiptId: send.receiptId };
}

/** An annulment entry: the ISO instant normalised to UTC milliseconds, the reason as its SHA-256. */
export function annulmentEntry(annulment: LoggedAnnulment): AnnulmentEntry {
  return {
    kind: 'annulment',
    token: annulment.token,
    annulledAt: new Date(annulment.annulledAt).toISOString(),
    reasonSha256: reasonSha256(annulment.reason),
  };
}

async function appendInChunks(log: TransparencyLog, entries: Parameters<TransparencyLog['append']>[0]) {
  const outcomes: AppendOutcome[] = [];
  for (let at = 0; at < entries.length; at += MAX_APPEND) {
    outcomes.push(...(await log.append(entries.slice(at, at + MAX_APPEND))).outcomes);
  }
  return outcomes;
}

/**
 * Appends the sends of one batch, by arrival then token, in as few compare-and-sets as {@link MAX_APPEND} allows.
 * A `conflict` (a token already logged with another arrival or receipt) is returned, never overwritten.
 */
export function logSends(log: TransparencyLog, sends: readonly LoggedSend[]): Promise<AppendOutcome[]> {
  return appendInChunks(log, [...sends].sort(byArrival).map(sendEntry));
}

export function logAnnulments(log: TransparencyLog, annulments: readonly LoggedAnnulment[]): Promise<AppendOutcome[]> {
  return appendInChunks(log, annulments.map(annulmentEntry));
}

export interface ReconcileLogDeps {
  log: TransparencyLog;
  /** Which of these entry keys already have a leaf. */
  logged(keys: readonly string[]): Promise<ReadonlySet<string>>;
  /** The recorded sends of these tokens (those the log lacks), read from the record. */
  sendsOf(tokens: readonly string[]): Promise<LoggedSend[]>;
}

export interface ReconcileLogReport {
  checked: number;
  appended: number;
  conflicts: string[];
}

/**
 * Appends every recorded send of `tokens` that has no leaf yet. 1. ask which keys are logged; 2. read the records of
 * the others; 3. append them (arrival order). Idempotent: a second run appends nothing.
 */
export async function reconcileLog(tokens: readonly string[], deps: ReconcileLogDeps): Promise<ReconcileLogReport> {
  const logged = await deps.logged(tokens.map(sendKey));
  const missing = tokens.filter((t) => !logged.has(sendKey(t)));
  const outcomes = missing.length === 0 ? [] : await logSends(deps.log, await deps.sendsOf(missing));
  return {
    checked: tokens.length,
    appended: outcomes.filter((o) => o.status === 'appended').length,
    conflicts: outcomes.filter((o) => o.status === 'conflict').map((o) => o.key),
  };
}

export { annulmentKey, sendKey };
