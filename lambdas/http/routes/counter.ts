/**
 * The counter's routes (R13–R16) as a function of their dependencies, so the Lambda module (`handlers/counter.ts`)
 * and the fault tests wire the same routes over different adapters. The access token is verified by the handler's
 * `tokenAuthenticator` before any of these run (`request.caller`); the session (R11) is checked by each use case
 * first, with the counter's own batched reads.
 */
import { z } from 'zod';
import { practiceFormFor, sendFormFor } from '#domain/counter/serve-form';
import type { Arrival, CounterCaller, CounterDeps, Receipt, ReceiptSigner } from '#domain/counter/ports';
import { receiptOf } from '#domain/counter/receipt';
import { sendApplication } from '#domain/counter/send';
import type { VerifiedToken } from '#http/auth';
import { fail } from '#http/errors';
import { created, ok, type Request, route } from '#http/handler';

type CounterRequest = Request<VerifiedToken>;
type NoQuery = Record<string, never>;

const arrivalOf = (request: CounterRequest): Arrival => ({ atMs: request.arrivalMs, sourceIp: request.sourceIp });

/** The verified token of a counter route (its session is checked by the use case). */
function callerOf(request: CounterRequest): CounterCaller {
  if (!request.caller) throw fail.unauthenticated();
  return { sub: request.caller.sub, tokenId: request.caller.tokenId };
}

export interface CounterWiring {
  deps: () => Promise<CounterDeps>;
  signer: () => Promise<Pick<ReceiptSigner, 'jwks'>>;
}

export function counterRoutes({ deps, signer }: CounterWiring) {
  return {
    'GET /sportello/test-form': route<unknown, NoQuery, VerifiedToken>({
      async handle({ request }) {
        return ok(await practiceFormFor(callerOf(request), arrivalOf(request), await deps()));
      },
    }),
    'GET /sportello/form': route<unknown, NoQuery, VerifiedToken>({
      async handle({ request }) {
        return ok(await sendFormFor(callerOf(request), arrivalOf(request), await deps()));
      },
    }),
    'POST /sportello/send': route<unknown, NoQuery, VerifiedToken>({
      // Validated inside the use case (even a body that is not JSON): a replay of an already-recorded send comes
      // before any other check but authentication.
      body: z.unknown(),
      lenientJson: true,
      async handle({ body, request }) {
        const result = await sendApplication(callerOf(request), body, arrivalOf(request), await deps());
        return result.firstSend
          ? created({ receipt: result.receipt })
          : ok({ receipt: result.receipt, message: result.message });
      },
    }),
    'GET /sportello/receipt': route<unknown, NoQuery, VerifiedToken>({
      async handle({ request }) {
        const receipt: Receipt = await receiptOf(callerOf(request), request.arrivalMs, await deps());
        return ok({ receipt });
      },
    }),
    'GET /sportello/keys': route<unknown, NoQuery, VerifiedToken>({
      async handle() {
        // Cached at the edge (route table `cacheSeconds`): the keys change only with the key itself.
        return ok(await (await signer()).jwks());
      },
    }),
  };
}
