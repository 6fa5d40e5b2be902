/**
 * cognito-local, run as a child process in `<dir>` (its data lives in `<dir>/.cognito/`). The project's patch
 * (patches/cognito-local+5.3.0.patch) makes it write every e-mail/SMS it would deliver as one JSON line on fd 3,
 * which we read here: no scraping of its pretty-printed log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { freePort, waitForPort } from '#local/tcp-ports';
import { spawnManaged } from '#local/processes';
import type { RunningEmulator } from './dynamodb.ts';
import { PRE_TOKEN_FUNCTION } from './lambda.ts';

/** One message cognito-local would have delivered, as the patch writes it. */
export const CognitoMessage = z.object({
  source: z.string(),
  userPoolId: z.string(),
  clientId: z.string().nullable(),
  username: z.string(),
  deliveryMedium: z.enum(['EMAIL', 'SMS']),
  destination: z.string(),
  code: z.string().nullable(),
  emailSubject: z.string().nullable(),
  emailMessage: z.string().nullable(),
  smsMessage: z.string().nullable(),
});
export type CognitoMessage = z.infer<typeof CognitoMessage>;

export interface CognitoOptions {
  readonly onMessage: (message: CognitoMessage) => void;
  /** The local Lambda Invoke endpoint serving the pools' pre token generation trigger (`lambda.ts`). */
  readonly lambdaEndpoint: string;
  /** Where cognito-local's own log goes (it also prints each code in a box); default: discarded. */
  readonly log?: (line: string) => void;
}

export async function startCognito(stateDir: string, options: CognitoOptions): Promise<RunningEmulator> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const configDir = join(stateDir, '.cognito');
  mkdirSync(configDir, { recursive: true });
  // Rewritten on every start: the port (and so the token issuer) changes from run to run.
  writeFileSync(
    join(configDir, 'config.json'),
    `${JSON.stringify(
      {
        TokenConfig: { IssuerDomain: endpoint },
        ServerConfig: { hostname: '127.0.0.1', port },
        UserPoolDefaults: { UsernameAttributes: ['email'] },
        // The pre token generation trigger, as each pool has it on AWS (lambda.ts); the patch applies its version 2
        // answer (scopes added and suppressed) to the access token.
        TriggerFunctions: { PreTokenGeneration: PRE_TOKEN_FUNCTION },
        LambdaClient: {
          endpoint: options.lambdaEndpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
      },
      null,
      2,
    )}\n`,
  );
  const main = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  // Never a fixed code (cognito-local's CODE variable): every message carries its own.
  const { CODE: _fixedCode, ...inherited } = process.env;
  const proc = spawnManaged('cognito-local', process.execPath, [main], {
    cwd: stateDir,
    env: { ...inherited, HOST: '127.0.0.1', PORT: String(port), NODE_NO_WARNINGS: '1', COGNITO_LOCAL_MESSAGE_FD: '3' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const messages = proc.child.stdio[3] as Readable;
  createInterface({ input: messages }).on('line', (line) => {
    const parsed = CognitoMessage.safeParse(safeJson(line));
    if (parsed.success) options.onMessage(parsed.data);
    else options.log?.(`cognito-local: unreadable message line: ${line}`);
  });
  let tail = '';
  for (const stream of [proc.child.stdout, proc.child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    });
    if (stream && options.log) {
      const log = options.log;
      createInterface({ input: stream }).on('line', (line) => log(stripAnsi(line)));
    }
  }
  const died = new Promise<never>((_, reject) =>
    proc.child.once('exit', (code) => reject(new Error(`cognito-local exited (${code}): ${stripAnsi(tail).trim()}`))),
  );
  try {
    await Promise.race([waitForPort(port, 30_000), died]);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  died.catch(() => undefined);
  return { endpoint, stop: () => proc.stop() };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
