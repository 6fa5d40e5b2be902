/**
 * The local cloud's sends consumer runs in a child process of its own, niced, as the consumer Lambda runs on its own
 * compute on AWS; when that process ends without the cloud asking, the cloud starts another and send events are still
 * consumed. Records on Calabria × 3, used by no other test. The stop is a SIGTERM (the batch in hand is finished), so
 * other tests' events in flight are not left invisible in the queue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { buildClients } from '#adapters/clients';
import { SqsSendEvents } from '#adapters/messaging/send-events';
import { recordedSend as sentAndRecorded } from './helpers/recorded-send.ts';
import { api, endpoints } from './helpers/cloud.ts';

jest.setTimeout(60_000);

const clients = buildClients();
const publisher = new SqsSendEvents(clients.sqs, process.env.SENDS_QUEUE_URL as string);
afterAll(() => {
  for (const client of Object.values(clients)) (client as { destroy?: () => void }).destroy?.();
});

/** Pids of the cloud's child processes running the consumer's entry module (Linux /proc). */
function consumerPids(): number[] {
  const cloud = endpoints().pid;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === cloud && cmdline.includes('sends-consumer-process.ts')) pids.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const recordedSend = () => sentAndRecorded(clients, { region: 'Calabria', axis: '3' }, 'consumer-process');

describe('sends consumer process', () => {
  test('given the cloud is up, then one child process runs the consumer at a lower priority', () => {
    const pids = consumerPids();

    expect(pids).toHaveLength(1);
    expect(getPriority(pids[0])).toBeGreaterThanOrEqual(10);
  });

  test('given the consumer process ends unasked, then the cloud starts another and events are consumed', async () => {
    const [before] = consumerPids();
    expect(before).toBeDefined();

    process.kill(before as number, 'SIGTERM');
    const after = await until('a new consumer process', () => {
      const [pid] = consumerPids();
      return pid !== undefined && pid !== before ? pid : undefined;
    });
    const { send, email } = await recordedSend();
    await publisher.publish(send);

    const notice = await until('the receipt in the outbox', async () => {
      const { body } = await api<{ body: string }[]>(`/local/outbox?to=${encodeURIComponent(email)}`);
      return body[0];
    });
    expect(notice.body).toContain(send.receiptId);
    expect(getPriority(after)).toBeGreaterThanOrEqual(10);
    expect(consumerPids()).toEqual([after]);
  });
});
