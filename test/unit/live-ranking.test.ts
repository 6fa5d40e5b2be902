import type { Notice } from '#domain/kernel/notification';
import type { Axis, Region } from '#domain/kernel/geography';
import {
  type ConsumerDeps,
  consumeSendEvent,
  type LiveEntry,
  type LiveRanking,
  RECONCILE_GRACE_MS,
  reconcileSendEvents,
} from '#domain/counter/live-ranking';
import type { SendRecord } from '#domain/counter/ledger';
import { sendEventOf } from '#domain/counter/send-event';

const NOW = new Date('2026-10-26T09:10:00.000Z');
const token = (n: number) => `+${n.toString(16).padStart(64, '0')}`;

function send(n: number, arrivalTime: string): SendRecord {
  return {
    token: token(n),
    receiptId: `R-${n}`,
    arrivalTime,
    participantSub: `sub-${n}`,
    region: 'Lazio',
    axis: '2',
    sessionId: 's',
  };
}

/** In memory, keyed like the adapter: by list, arrival time and token. */
class MemoryLive implements LiveRanking {
  readonly entries = new Map<string, LiveEntry & { notified: boolean }>();
  async file(entry: LiveEntry) {
    const key = `${entry.region}#${entry.axis}#${entry.arrivalTime}#${entry.token}`;
    const found = this.entries.get(key);
    if (!found) this.entries.set(key, { ...entry, notified: false });
    return { notified: found?.notified ?? false };
  }
  async markNotified(entry: LiveEntry) {
    const key = `${entry.region}#${entry.axis}#${entry.arrivalTime}#${entry.token}`;
    (this.entries.get(key) as { notified: boolean }).notified = true;
  }
  async list(region: Region, axis: Axis) {
    return [...this.entries.entries()]
      .filter(([, e]) => e.region === region && e.axis === axis)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, e]) => ({
        token: e.token,
        region: e.region,
        axis: e.axis,
        arrivalTime: e.arrivalTime,
        receiptId: e.receiptId,
      }));
  }
}

function consumer(records: SendRecord[]) {
  const live = new MemoryLive();
  const sent: Notice[] = [];
  const warnings: string[] = [];
  const deps: ConsumerDeps = {
    sends: { get: async (t) => records.find((r) => r.token === t) },
    recipientOf: async (t) => (t === token(99) ? undefined : `p.${t.slice(-2)}@example.it`),
    live,
    notifier: {
      notify: async (n) => {
        sent.push(n);
      },
    },
    clock: () => NOW,
    log: { warn: (m) => warnings.push(m) },
  };
  return { deps, live, sent, warnings };
}

describe('consumeSendEvent', () => {
  test('given events in any order, then the list is in recorded arrival order and each send is notified once', async () => {
    const records = [
      send(3, '2026-10-26T09:00:00.300Z'),
      send(1, '2026-10-26T09:00:00.100Z'),
      send(2, '2026-10-26T09:00:00.100Z'),
    ];
    const { deps, live, sent } = consumer(records);

    for (const r of [...records, ...records]) await consumeSendEvent(sendEventOf(r, 'counter', NOW), deps);

    expect((await live.list('Lazio', '2')).map((e) => e.token)).toEqual([token(1), token(2), token(3)]);
    expect(sent.map((n) => n.to)).toEqual(['p.03@example.it', 'p.01@example.it', 'p.02@example.it']);
    expect(sent[0]).toMatchObject({ channel: 'email', subject: 'Sportello — presa in carico della domanda' });
    expect(sent[0]?.body).toContain(
      'Orario di arrivo: 2026-10-26T09:00:00.300Z (UTC), lunedì 26 ottobre 2026 alle ore 10:00:00',
    );
  });

  test('given an event that differs from the record, then the record wins and the difference is logged', async () => {
    const record = send(4, '2026-10-26T09:00:00.400Z');
    const { deps, live, warnings } = consumer([record]);

    await consumeSendEvent(
      sendEventOf({ ...record, arrivalTime: '2026-10-26T09:05:00.000Z' }, 'reconciler', NOW),
      deps,
    );

    expect((await live.list('Lazio', '2'))[0]?.arrivalTime).toBe(record.arrivalTime);
    expect(warnings).toEqual(['send event differs from the record; the record wins']);
  });

  test('given no record for the event, then it rejects (retried, then dead-lettered) and files nothing', async () => {
    const { deps, live } = consumer([]);
    await expect(
      consumeSendEvent(sendEventOf(send(5, '2026-10-26T09:00:00.000Z'), 'counter', NOW), deps),
    ).rejects.toThrow(/without a recorded send/);
    expect(live.entries.size).toBe(0);
  });

  test('given a failed notification, then it is retried on the next delivery until sent', async () => {
    const record = send(6, '2026-10-26T09:00:00.600Z');
    const { deps, sent } = consumer([record]);
    let failures = 1;
    const flaky = {
      ...deps,
      notifier: {
        notify: async (n: Notice) => (failures-- > 0 ? Promise.reject(new Error('sns down')) : deps.notifier.notify(n)),
      },
    };
    const event = sendEventOf(record, 'counter', NOW);

    await expect(consumeSendEvent(event, flaky)).rejects.toThrow('sns down');
    expect(await consumeSendEvent(event, flaky)).toBe('filed');
    expect(await consumeSendEvent(event, flaky)).toBe('duplicate');
    expect(sent).toHaveLength(1);
  });
});

describe('reconcileSendEvents', () => {
  test('given sent applications, then only those unfiled and older than the grace period are republished from the record', async () => {
    const old = new Date(NOW.getTime() - RECONCILE_GRACE_MS - 1).toISOString();
    const young = new Date(NOW.getTime() - RECONCILE_GRACE_MS + 1000).toISOString();
    const records = [send(1, old), send(2, old), send(3, young)];
    const live = new MemoryLive();
    await live.file({ token: token(2), region: 'Lazio', axis: '2', arrivalTime: old, receiptId: 'R-2' });
    const republished: SendRecord[] = [];

    const report = await reconcileSendEvents({
      lists: async () => [
        { region: 'Lazio', axis: '2' },
        { region: 'Molise', axis: '3' },
      ],
      sentIn: async (region) =>
        region === 'Lazio' ? records.map((r) => ({ token: r.token, sentAt: r.arrivalTime })) : [],
      live,
      sends: { get: async (t) => records.find((r) => r.token === t) },
      republish: async (s) => {
        republished.push(s as SendRecord);
      },
      clock: () => NOW,
    });

    expect(report).toEqual({ lists: 2, sent: 3, republished: [token(1)] });
    expect(republished).toEqual([records[0]]);
  });
});
