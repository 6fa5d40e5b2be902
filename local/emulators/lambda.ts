/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`) for cognito-local's triggers, on loopback
 * in this process. cognito-local calls it through its AWS SDK Lambda client (`LambdaClient` and `TriggerFunctions` in
 * its config.json). One function is served: the user pools' pre token generation trigger, answering as
 * `lambdas/triggers/access-scope.ts` does on AWS (`adapters/cognito/token-scopes.ts`) with the scope of the pool the
 * event names — on AWS each pool has its own function with its scope in the environment.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessTokenScopes } from '#adapters/cognito/token-scopes';
import { type Portal, USER_POOLS } from '#catalogue/resources';
import type { RunningEmulator } from './dynamodb.ts';

export const PRE_TOKEN_FUNCTION = 'sportello-local-access-scope';

export interface RunningLambdas extends RunningEmulator {
  /** Tells the trigger which portal a pool belongs to (known once the pools are provisioned). */
  registerPool(poolId: string, portal: Portal): void;
  /**
   * How to find the portal of a pool no one registered: another stage's, provisioned on this Cognito by a cloud that
   * reaches it as an external endpoint (docs/testing.md), whose tokens this trigger must answer for too.
   */
  findPools(find: PoolFinder): void;
}

export type PoolFinder = (poolId: string) => Promise<Portal | undefined>;

export async function startLambdas(): Promise<RunningLambdas> {
  const pools = new Map<string, Portal>();
  let find: PoolFinder = async () => undefined;
  const server = createServer((req, res) => {
    invoke(req, async (poolId) => pools.get(poolId) ?? (await find(poolId)))
      .then((payload) => reply(res, 200, payload))
      .catch((error: unknown) =>
        // A function error, as Lambda reports one: 200, X-Amz-Function-Error, the error as the payload.
        reply(res, 200, { errorMessage: (error as Error).message }, { 'x-amz-function-error': 'Unhandled' }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    registerPool: (poolId, portal) => pools.set(poolId, portal),
    findPools: (finder) => {
      find = finder;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function invoke(req: IncomingMessage, portalOf: PoolFinder): Promise<unknown> {
  const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '')?.[1];
  if (req.method !== 'POST' || decodeURIComponent(name ?? '') !== PRE_TOKEN_FUNCTION) {
    throw new Error(`no such function: ${req.method} ${req.url}`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { userPoolId?: string };
  const portal = await portalOf(event.userPoolId ?? '');
  if (!portal) throw new Error(`pre token generation: unknown user pool ${event.userPoolId}`);
  return { ...event, response: accessTokenScopes(USER_POOLS[portal].scope) };
}

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
