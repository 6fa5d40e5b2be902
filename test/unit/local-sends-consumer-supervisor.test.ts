/**
 * The supervisor of the local cloud's sends-consumer process, with a stand-in entry module (the real consumer is
 * exercised through the cloud in test/integration/sends-consumer-process.test.ts): niced child, restart after an
 * unasked exit no sooner than `restartEveryMs` after the previous start, no restart for a configuration error or
 * after stop, and nothing started when the consumer is switched off.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SENDS_CONSUMER_EXIT_CONFIG } from '#local/sends-consumer';
import { type SendsConsumerProcess, startSendsConsumerProcess } from '#local/sends-consumer-supervisor';

jest.setTimeout(30_000);

// Says it started (with the queue it was given), then exits with FAKE_EXIT, or stays up until SIGTERM.
const entry = join(mkdtempSync(join(tmpdir(), 'sends-consumer-')), 'entry.cjs');
writeFileSync(
  entry,
  `process.stderr.write('started ' + process.pid + ' ' + process.env.SPORTELLO_SENDS_QUEUE_ARN + '\\n');
if (process.env.FAKE_EXIT) process.exit(Number(process.env.FAKE_EXIT));
setInterval(() => undefined, 1000);
process.on('SIGTERM', () => process.exit(0));
`,
);

const queue = { url: 'http://127.0.0.1:1/queue/sends.fifo', arn: 'arn:aws:sqs:eu-south-1:000000000000:sends.fifo' };
let running: SendsConsumerProcess | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function supervise(env: Record<string, string>, restartEveryMs = 300) {
  const lines: { at: number; line: string }[] = [];
  running = startSendsConsumerProcess({
    env,
    queue,
    log: (line) => lines.push({ at: Date.now(), line }),
    restartEveryMs,
    entry,
  });
  const starts = () => lines.filter((l) => l.line.startsWith('started '));
  return { lines, starts, supervisor: running };
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sends consumer supervisor', () => {
  test('given a child that keeps dying, then each death is logged and restarts are spaced by restartEveryMs', async () => {
    const before = Date.now();
    const { lines, starts } = supervise({ FAKE_EXIT: '1' }, 1000);

    await until('three starts', () => starts().length >= 3);

    // The n-th child cannot report before n-1 spacings have passed since the first spawn (itself after `before`).
    starts().forEach((start, n) => expect(start.at - before).toBeGreaterThanOrEqual(n * 1000));
    expect(starts()[0]?.line).toContain(queue.arn);
    expect(lines.some((l) => /process \d+ exited with code 1 unexpectedly; restarting it/.test(l.line))).toBe(true);
  });

  test('given a running child, then it runs niced, and stop awaits its exit and starts no other', async () => {
    const { lines, starts, supervisor } = supervise({});
    await until('the start', () => starts().length === 1);
    const pid = supervisor.pid() as number;

    expect(getPriority(pid)).toBeGreaterThanOrEqual(10);
    await supervisor.stop();

    expect(() => process.kill(pid, 0)).toThrow();
    expect(supervisor.pid()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 600));
    expect(starts()).toHaveLength(1);
    expect(lines.some((l) => l.line.includes('unexpectedly'))).toBe(false);
  });

  test('given a child that reports an unusable configuration, then it is not restarted', async () => {
    const { lines, starts } = supervise({ FAKE_EXIT: String(SENDS_CONSUMER_EXIT_CONFIG) });

    await until('the refusal', () => lines.some((l) => l.line.includes('not restarted')));
    await new Promise((r) => setTimeout(r, 600));

    expect(starts()).toHaveLength(1);
  });

  test('given SPORTELLO_SENDS_CONSUMER=off, then no process is started', () => {
    const { supervisor } = supervise({ SPORTELLO_SENDS_CONSUMER: 'off' });

    expect(supervisor.pid()).toBeUndefined();
  });
});
