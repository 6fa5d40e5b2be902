/**
 * fauxqs: SQS (including FIFO) and SNS, in a child process of its own (`messagingProcess.ts`). It keeps its state in
 * memory only, so queues, the topic and its subscriptions are provisioned again on every start; the queue is never
 * the record (DESIGN), the sends table is.
 */
import { join } from 'node:path';
import { spawnManaged } from '#local/processes';
import type { RunningEmulator } from './dynamodb.ts';

const START_TIMEOUT_MS = 30_000;

export async function startMessaging(region: string): Promise<RunningEmulator> {
  const proc = spawnManaged(
    'messaging',
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'messaging-process.ts')],
    {
      env: { ...process.env, AWS_REGION: region },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  proc.child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fauxqs did not start in time: ${stderr}`)), START_TIMEOUT_MS);
    proc.child.once('message', (message: { port?: unknown }) => {
      clearTimeout(timer);
      if (typeof message.port === 'number') resolve(message.port);
      else reject(new Error(`fauxqs reported no port: ${JSON.stringify(message)}`));
    });
    proc.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited before it was ready (${code ?? signal}): ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await proc.stop();
    throw error;
  });
  // The IPC channel stays open: its closing is how the child learns that the cloud has ended.
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => proc.stop() };
}
