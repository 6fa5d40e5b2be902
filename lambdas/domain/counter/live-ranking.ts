/**
 * The live provisional ranking (*graduatoria provvisoria in tempo reale*) kept by the consumer of `sends.fifo`, the
 * receipt notification, and the reconciler that republishes events the consumer never confirmed.
 *
 * The sends table is the record; the queue only announces it. So the consumer re-reads the record of every event and
 * files the send under its list by the RECORDED arrival time (an entry keyed by arrival instant then token), never by
 * queue order. Filing the entry is what "confirmed" means: a send without a live entry some minutes after its
 * arrival had its event lost (publish failed after the commit, or the function died in between), and the reconciler
 * publishes it again. Every step is idempotent, keyed by token: a repeated event changes nothing and notifies once
 * (at least once if the function dies between the notification and marking it sent).
 */
import type { Axis, Region } from '#domain/kernel/geography';
import { formatRome } from '#domain/kernel/instant';
import type { Notice, Notifier } from '#domain/kernel/notification';
import type { LoggedSend } from '#domain/transparency/sequencer';
import type { SendRecord } from './ledger.ts';
import type { RecordedSend, SendEvent } from './send-event.ts';

/** One send filed in its list. */
export interface LiveEntry {
  token: string;
  region: Region;
  axis: Axis;
  arrivalTime: string;
  receiptId: string;
}

export interface LiveRanking {
  /** Files the entry if absent; returns whether its receipt notification was already sent. Idempotent. */
  file(entry: LiveEntry, at: Date): Promise<{ notified: boolean }>;
  markNotified(entry: LiveEntry, at: Date): Promise<void>;
  /** The list's entries by recorded arrival time, then token. */
  list(region: Region, axis: Axis): Promise<LiveEntry[]>;
}

/**
 * The edition's transparency log as the consumer sees it: appends a batch of recorded sends (idempotent, keyed by
 * token; nothing when no log is open). Rejects when the log could not take them: the batch is retried.
 */
export interface SendLog {
  append(sends: readonly LoggedSend[]): Promise<void>;
}

export interface ConsumerDeps {
  sends: { get(token: string): Promise<SendRecord | undefined> };
  /** The participant's notification address, from the application's binding. */
  recipientOf(token: string): Promise<string | undefined>;
  live: LiveRanking;
  notifier: Notifier;
  clock: () => Date;
  log: { warn(message: string, extra: Record<string, unknown>): void };
  /** Absent: the log is not deployed with this consumer (the send is only filed). */
  sendLog?: SendLog;
}

export type ConsumeOutcome = 'filed' | 'duplicate' | 'no-recipient';

/**
 * Handles one send event. 1. read the record (the event is only a pointer to it); 2. file it in its list by the
 * recorded arrival; 3. unless already done, send the receipt notification and mark it sent.
 * Rejects when the record is missing (the message is retried, then dead-lettered) or a service fails.
 */
export async function consumeSendEvent(event: SendEvent, deps: ConsumerDeps): Promise<ConsumeOutcome> {
  return (await fileSendEvent(event, deps)).outcome;
}

/** {@link consumeSendEvent}, also answering the entry it filed (from the record). */
async function fileSendEvent(
  event: SendEvent,
  deps: ConsumerDeps,
): Promise<{ outcome: ConsumeOutcome; entry: LiveEntry }> {
  const record = await deps.sends.get(event.token);
  if (!record) throw new Error('send event without a recorded send');
  if (record.arrivalTime !== event.arrivalTime || record.receiptId !== event.receiptId) {
    deps.log.warn('send event differs from the record; the record wins', { receiptId: record.receiptId });
  }
  const entry: LiveEntry = {
    token: record.token,
    region: record.region,
    axis: record.axis,
    arrivalTime: record.arrivalTime,
    receiptId: record.receiptId,
  };
  const { notified } = await deps.live.file(entry, deps.clock());
  if (notified) return { outcome: 'duplicate', entry };
  const to = await deps.recipientOf(record.token);
  if (!to) {
    deps.log.warn('sent application without a participant address: no receipt notification', {
      receiptId: record.receiptId,
    });
    return { outcome: 'no-recipient', entry };
  }
  await deps.notifier.notify(receiptNotification(to, record));
  await deps.live.markNotified(entry, deps.clock());
  return { outcome: 'filed', entry };
}

export interface BatchItem<Id> {
  id: Id;
  event: SendEvent;
}

export interface BatchReport<Id> {
  /** Items to retry: those that failed alone, and every filed one when the log append failed. */
  failed: Id[];
  outcomes: { id: Id; outcome: ConsumeOutcome }[];
  /** Sends handed to the log (0 when every item failed). */
  logged: number;
}

/**
 * Handles one queue batch. 1. each event is filed (and notified) alone: a failure fails only that item; 2. the sends
 * filed are appended to the log in ONE call (one compare-and-set for the batch); 3. if that append fails, every
 * filed item is retried — filing and notifying are idempotent, and the log gives a redelivered send its first index.
 */
export async function consumeSendBatch<Id>(
  items: readonly BatchItem<Id>[],
  deps: ConsumerDeps,
  onError: (id: Id, error: unknown) => void,
): Promise<BatchReport<Id>> {
  const report: BatchReport<Id> = { failed: [], outcomes: [], logged: 0 };
  const filed: { id: Id; entry: LiveEntry }[] = [];
  for (const { id, event } of items) {
    try {
      const { outcome, entry } = await fileSendEvent(event, deps);
      report.outcomes.push({ id, outcome });
      filed.push({ id, entry });
    } catch (error) {
      onError(id, error);
      report.failed.push(id);
    }
  }
  if (!deps.sendLog || filed.length === 0) return report;
  try {
    await deps.sendLog.append(filed.map((f) => f.entry));
    report.logged = filed.length;
  } catch (error) {
    for (const f of filed) {
      onError(f.id, error);
      report.failed.push(f.id);
    }
  }
  return report;
}

/** The e-mail that confirms the *presa in carico* (R15) with the original receipt's data. */
export function receiptNotification(to: string, send: Pick<SendRecord, 'token' | 'arrivalTime' | 'receiptId'>) {
  const body = [
    'La domanda è stata presa in carico dallo sportello informatico.',
    `Codice identificativo: ${send.token}`,
    `Orario di arrivo: ${send.arrivalTime} (UTC), ${formatRome(Date.parse(send.arrivalTime))} ora italiana`,
    `Ricevuta: ${send.receiptId}`,
    'La ricevuta firmata resta disponibile nello sportello. Eventuali altri invii non modificano questo orario.',
  ].join('\n');
  return { channel: 'email', to, subject: 'Sportello — presa in carico della domanda', body } satisfies Notice;
}

/** A send as the reconciler sees it in the applications (consumed by the send transaction). */
export interface SentApplication {
  token: string;
  sentAt: string;
}

export interface ReconcilerDeps {
  /** The lists that have applications. */
  lists(): Promise<{ region: Region; axis: Axis }[]>;
  sentIn(region: Region, axis: Axis): Promise<SentApplication[]>;
  live: Pick<LiveRanking, 'list'>;
  sends: { get(token: string): Promise<SendRecord | undefined> };
  republish(send: RecordedSend): Promise<void>;
  clock: () => Date;
}

/** Sends younger than this are left to the event already on its way. */
export const RECONCILE_GRACE_MS = 2 * 60_000;

export interface ReconcileReport {
  lists: number;
  sent: number;
  republished: string[];
}

/**
 * Republishes the event of every send that has no live entry though it arrived more than the grace period ago.
 * 1. per list, the sent applications and the filed entries; 2. the difference, past the grace period;
 * 3. each from its record in the sends table, through the queue (dedup by token guards a double publish).
 */
export async function reconcileSendEvents(deps: ReconcilerDeps): Promise<ReconcileReport> {
  const cutoff = deps.clock().getTime() - RECONCILE_GRACE_MS;
  const report: ReconcileReport = { lists: 0, sent: 0, republished: [] };
  for (const { region, axis } of await deps.lists()) {
    report.lists++;
    const sent = await deps.sentIn(region, axis);
    report.sent += sent.length;
    if (sent.length === 0) continue;
    const filed = new Set((await deps.live.list(region, axis)).map((e) => e.token));
    for (const app of sent) {
      if (filed.has(app.token) || Date.parse(app.sentAt) > cutoff) continue;
      const record = await deps.sends.get(app.token);
      if (!record) continue; // consumed without a record cannot happen: the transaction writes both
      await deps.republish(record);
      report.republished.push(record.token);
    }
  }
  return report;
}
