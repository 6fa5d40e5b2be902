/**
 * Sequencing sends into the log from the consumer's batches (docs/transparency.md "Sequencing"): one compare-and-set
 * per batch, arrival order within it, a redelivered batch gets its first indexes back, a failed append retries every
 * filed item of the batch (and nothing is notified twice), an unreadable record fails only its item, the log is off
 * when none is open, and appends are refused after the seal.
 */
import type { Notice } from '#domain/kernel/notification';
import { type BatchItem, type ConsumerDeps, consumeSendBatch, type LiveEntry } from '#domain/counter/live-ranking';
import type { SendRecord } from '#domain/counter/ledger';
import { sendEventOf } from '#domain/counter/send-event';
import { TransparencyLog } from '#domain/transparency/log';
import { generateKeyPair, noteSigner } from '#domain/transparency/note';
import { rulesEntry } from '#domain/transparency/rules';
import { logSends, reconcileLog, sendKey } from '#domain/transparency/sequencer';
import { parseEntry } from '#domain/transparency/entries';
import { MemoryLogStore } from './transparency/memory-log-store.ts';

const ORIGIN = 'sportello.example/log/isi2024';
const signer = noteSigner(generateKeyPair(ORIGIN, 0x01, new Uint8Array(32).fill(3)).skey);
const M5 = Date.parse('2026-10-26T09:00:00.000Z');
const token = (n: number) => `+${n.toString(16).padStart(64, '0')}`;

function record(n: number, ms: number): SendRecord {
  return {
    token: token(n),
    receiptId: `R-${n}`,
    arrivalTime: new Date(M5 + ms).toISOString(),
    participantSub: `sub-${n}`,
    region: 'Lazio',
    axis: '2',
    sessionId: 's',
  };
}

async function openLog() {
  const store = new MemoryLogStore();
  const log = new TransparencyLog(store, { origin: ORIGIN, signer });
  await log.append([
    rulesEntry({
      origin: ORIGIN,
      edition: 'isi2024',
      resolution: 'ms',
      allocation: { mode: 'chronological' },
      timetables: new Map([
        ['GLOBAL', { moments: { m1: 1, m2: 2, m3: 3, m4: 4, m5: M5, m6: M5 + 60_000 }, registrationCloses: 4 }],
      ]),
      applicationsTable: 'a',
      allocationsTable: 'b',
    }),
  ]);
  return { store, log };
}

function consumer(records: SendRecord[], log?: TransparencyLog) {
  const notices: Notice[] = [];
  const filed = new Map<string, boolean>();
  let appends = 0;
  const deps: ConsumerDeps = {
    sends: { get: async (t) => records.find((r) => r.token === t) },
    recipientOf: async (t) => `p.${t.slice(-2)}@example.it`,
    live: {
      file: async (e: LiveEntry) => ({ notified: filed.get(e.token) ?? (filed.set(e.token, false), false) }),
      markNotified: async (e: LiveEntry) => void filed.set(e.token, true),
      list: async () => [],
    },
    notifier: { notify: async (n) => void notices.push(n) },
    clock: () => new Date(M5 + 100_000),
    log: { warn: () => undefined },
    ...(log
      ? {
          sendLog: {
            append: async (sends) => {
              appends++;
              await logSends(log, sends);
            },
          },
        }
      : {}),
  };
  return { deps, notices, appends: () => appends };
}

const items = (records: SendRecord[]): BatchItem<string>[] =>
  records.map((r) => ({ id: `m-${r.receiptId}`, event: sendEventOf(r, 'counter', new Date(M5)) }));

describe('consumeSendBatch and the log', () => {
  test('given a batch out of arrival order, then it is one append, in arrival order, and a redelivery adds nothing', async () => {
    const { log, store } = await openLog();
    const records = [record(3, 30), record(1, 10), record(2, 10), record(4, 5)];
    const { deps, appends, notices } = consumer(records, log);
    const first = await consumeSendBatch(items(records), deps, () => undefined);
    expect(first).toMatchObject({ failed: [], logged: 4 });
    expect(appends()).toBe(1);
    const state = (await log.current())!;
    expect(state.edge.size).toBe(5);
    const order = await Promise.all([1, 2, 3, 4].map(async (i) => parseEntry(await log.entry(i))));
    expect(order.map((e) => (e.kind === 'send' ? e.token : ''))).toEqual([token(4), token(1), token(2), token(3)]);

    const again = await consumeSendBatch(items(records), deps, () => undefined);
    expect(again.failed).toEqual([]);
    expect((await log.current())!.edge.size).toBe(5);
    expect(notices).toHaveLength(4);
    expect([...store.leaves.keys()].filter((k) => k.startsWith('send ')).sort()).toEqual(
      records.map((r) => sendKey(r.token)).sort(),
    );
  });

  test('given a log that fails, then every filed item is retried and the retry notifies nobody twice', async () => {
    const records = [record(1, 1), record(2, 2)];
    const { deps, notices } = consumer(records);
    let fail = true;
    deps.sendLog = {
      append: async () => {
        if (fail) throw new Error('log head throttled');
      },
    };
    const errors: string[] = [];
    const first = await consumeSendBatch(items(records), deps, (id) => errors.push(id));
    expect(first.failed).toEqual(['m-R-1', 'm-R-2']);
    fail = false;
    const retry = await consumeSendBatch(items(records), deps, () => undefined);
    expect(retry).toMatchObject({ failed: [], logged: 2 });
    expect(notices).toHaveLength(2);
  });

  test('given an event whose record is missing, then only it fails and the others are logged', async () => {
    const { log } = await openLog();
    const records = [record(1, 1), record(2, 2)];
    const { deps } = consumer([records[0]!], log);
    const report = await consumeSendBatch(items(records), deps, () => undefined);
    expect(report).toMatchObject({ failed: ['m-R-2'], logged: 1 });
  });

  test('given no log deployed, then the batch is only filed', async () => {
    const { deps } = consumer([record(1, 1)]);
    expect(await consumeSendBatch(items([record(1, 1)]), deps, () => undefined)).toMatchObject({
      failed: [],
      logged: 0,
    });
  });

  test('given a sealed log, then a new send is refused and retried, a logged one is still recognised', async () => {
    const { log } = await openLog();
    const records = [record(1, 1), record(2, 2)];
    const { deps } = consumer(records, log);
    await consumeSendBatch(items([records[0]!]), deps, () => undefined);
    await log.seal(new Date(M5 + 60_000).toISOString());
    expect((await consumeSendBatch(items([records[0]!]), deps, () => undefined)).failed).toEqual([]);
    expect((await consumeSendBatch(items([records[1]!]), deps, () => undefined)).failed).toEqual(['m-R-2']);
  });

  test('given sends the consumer never appended, then the reconciliation appends exactly those, once', async () => {
    const { log, store } = await openLog();
    const records = [record(1, 1), record(2, 2), record(3, 3)];
    await logSends(log, [records[1]!]);
    const deps = {
      log,
      logged: async (keys: readonly string[]) => new Set((await store.findLeaves(keys)).keys()),
      sendsOf: async (tokens: readonly string[]) => records.filter((r) => tokens.includes(r.token)),
    };
    const tokens = records.map((r) => r.token);
    expect(await reconcileLog(tokens, deps)).toEqual({ checked: 3, appended: 2, conflicts: [] });
    expect(await reconcileLog(tokens, deps)).toEqual({ checked: 3, appended: 0, conflicts: [] });
    expect((await log.current())!.edge.size).toBe(4);
  });
});
