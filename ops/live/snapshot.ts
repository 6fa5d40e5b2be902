/**
 * One picture of the click day for `events live`: sends per second, first sends recorded, replays, refusals by code
 * (the counter's business metrics: CloudWatch on AWS, the local cloud's EMF sink locally) and the queues' backlog.
 */
export interface MetricTotals {
  /** Sums of each metric over the window, by name; `SendRefused` also by its `code` dimension. */
  totals: Record<string, number>;
  refusedByCode: Record<string, number>;
  /** Sum of `SendRecorded` over the last `rateSeconds`, divided by them. */
  sendsPerSecond: number;
}

export interface QueueBacklog {
  queue: string;
  visible: number;
  inFlight: number;
}

export interface LiveSnapshot extends MetricTotals {
  at: string;
  /** Where the metrics come from and since when they are summed. */
  source: string;
  since: string;
  rateSeconds: number;
  queues: QueueBacklog[];
}

export interface MetricsSource {
  describe: string;
  totals(sinceMs: number, nowMs: number, rateSeconds: number): Promise<MetricTotals>;
}

export const RATE_SECONDS = 10;

export function liveLines(s: LiveSnapshot): string[] {
  const n = (name: string) => String(s.totals[name] ?? 0);
  const refusals = Object.entries(s.refusedByCode).sort((a, b) => b[1] - a[1]);
  return [
    `Sportello — click day in diretta (${s.at}, metriche: ${s.source}, dal ${s.since})`,
    `  invii al secondo (ultimi ${s.rateSeconds} s): ${s.sendsPerSecond.toFixed(1)}`,
    `  primi invii registrati: ${n('SendRecorded')}   invii ripetuti (ricevuta originale): ${n('SendReplayed')}`,
    `  invii rifiutati: ${n('SendRefused')}${refusals.length ? ` — ${refusals.map(([c, v]) => `${c} ${v}`).join(', ')}` : ''}`,
    `  eventi ripubblicati: ${n('EventsRepublished')}   blocchi di accesso: ${n('LoginLocked')}   SMS: ${n('SmsSent')}   e-mail: ${n('EmailSent')}`,
    '  code:',
    ...s.queues.map((q) => `    ${q.queue.padEnd(36)} in attesa ${q.visible}, in lavorazione ${q.inFlight}`),
  ];
}
