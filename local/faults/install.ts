/**
 * Fault injection for the product's AWS calls in one local Node process, without touching deployable code: the
 * SDK v3 clients send every request through `NodeHttpHandler.prototype.handle` of `@smithy/node-http-handler` (one
 * copy in node_modules, 4.14.x, required by every `@aws-sdk/client-*` the product uses — checked by
 * `test/unit/localFaults.test.ts`), so wrapping that one method reaches every client of the process, including those
 * already built. Below the SDK's retry loop, an injected fault is seen by the SDK exactly as a real one: a throttling
 * answer goes through its deserializer (real exception classes) and its retry strategy (backoff, attempts, retry
 * quota); a refused connection through its network-error classification. See `responses.ts` for the wire formats.
 *
 * The service of a request is read from its `X-Amz-Target` header (`DynamoDB_20120810.<Op>`, `AmazonSQS.<Op>`,
 * `TrentService.<Op>`), which every JSON-protocol request carries whatever its endpoint: it names the operation too
 * (for the counts), and works the same against the emulators, LocalStack or AWS. Endpoints are not matched (SQS and
 * SNS share fauxqs's port, and an endpoint says nothing about the operation). Requests of other services pass
 * untouched; Cognito's are counted too (`cognito.<Op>`), others (SNS, S3: no target header) are not.
 *
 * Per request: at most one `statSync` of the shared state file (only for a faultable service), a map increment.
 * Counts are per process (the gateway's and the consumer's are separate) and count HTTP attempts — retries and
 * faulted attempts included — i.e. round trips, which is what the benchmark measures.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, HttpRequest } from '@smithy/types';
import { FAULTS_FILE_ENV, type FaultSource, FaultStateFile } from './file.ts';
import { refusedConnection, throttlingResponse } from './responses.ts';
import { type FaultService, type FaultState, isFaultService } from './state.ts';

/** `X-Amz-Target` prefix → service name used in the fault state and the counts. */
const TARGET_PREFIXES: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'dynamodb',
  AmazonSQS: 'sqs',
  TrentService: 'kms',
  AWSCognitoIdentityProviderService: 'cognito',
};

export interface FaultInjection {
  /** The state in force now (as the next request will see it). */
  state(): FaultState;
  /** HTTP attempts per `service.Operation` (`dynamodb.TransactWriteItems`, `kms.Sign`, …) since install or reset. */
  counts(): Record<string, number>;
  /** Attempts of one service, all operations together. */
  total(service: string): number;
  resetCounts(): void;
  /**
   * Leaves these clients alone (neither faulted nor counted): the local cloud's own machinery — provisioning, the
   * outbox drain, demo loading — which stands in for AWS plumbing, not for the product's calls.
   */
  exempt(...clients: readonly SdkClient[]): void;
  /** Restores the original `handle`. */
  uninstall(): void;
}

/** Any SDK v3 client: its resolved config holds the request handler instance it sends through. */
export interface SdkClient {
  readonly config: { readonly requestHandler?: unknown };
}

type Handle = (
  this: NodeHttpHandler,
  request: HttpRequest,
  options?: HttpHandlerOptions,
) => ReturnType<NodeHttpHandler['handle']>;
type Patched = Handle & { readonly [INSTALLED]?: true };

const INSTALLED = Symbol.for('sportello.localFaults.installed');

/** The service and operation of a request, from its `X-Amz-Target` header; undefined when it has none we know. */
export function targetOf(request: HttpRequest): { service: string; operation: string } | undefined {
  let target = request.headers['x-amz-target'];
  if (target === undefined) {
    const key = Object.keys(request.headers).find((k) => k.toLowerCase() === 'x-amz-target');
    target = key === undefined ? undefined : request.headers[key];
  }
  if (!target) return undefined;
  const dot = target.indexOf('.');
  const service = dot > 0 ? TARGET_PREFIXES[target.slice(0, dot)] : undefined;
  return service ? { service, operation: target.slice(dot + 1) } : undefined;
}

/**
 * Wraps `NodeHttpHandler.prototype.handle` in this process. One installation per process: a second one throws (two
 * layers would count twice and fight over the state).
 */
export function installFaults(source: FaultSource): FaultInjection {
  const prototype = NodeHttpHandler.prototype as unknown as { handle: Patched };
  const original = prototype.handle;
  if (original[INSTALLED]) throw new Error('local fault injection is already installed in this process');
  const counts = new Map<string, number>();
  const exempted = new WeakSet<object>();

  const patched: Handle = function handle(this: NodeHttpHandler, request, options) {
    const target = exempted.has(this) ? undefined : targetOf(request);
    if (target) {
      const key = `${target.service}.${target.operation}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (isFaultService(target.service)) {
        const mode = source.read()[target.service as FaultService];
        if (mode === 'throttle') {
          return Promise.resolve({ response: throttlingResponse(target.service, target.operation, request) });
        }
        if (mode === 'down') return Promise.reject(refusedConnection(request));
      }
    }
    return original.call(this, request, options);
  };
  Object.defineProperty(patched, INSTALLED, { value: true });
  prototype.handle = patched as Patched;

  return {
    state: () => source.read(),
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    total: (service) =>
      [...counts.entries()].filter(([key]) => key.startsWith(`${service}.`)).reduce((sum, [, n]) => sum + n, 0),
    resetCounts: () => counts.clear(),
    exempt(...clients) {
      for (const client of clients) {
        const handler = client.config.requestHandler;
        if (typeof handler === 'object' && handler !== null) exempted.add(handler);
      }
    },
    uninstall() {
      if (prototype.handle === patched) prototype.handle = original;
    },
  };
}

/** Installs from `SPORTELLO_FAULTS_FILE` when it is set (child processes); undefined otherwise. */
export function installFaultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultInjection | undefined {
  const file = env[FAULTS_FILE_ENV];
  return file ? installFaults(new FaultStateFile(file)) : undefined;
}
