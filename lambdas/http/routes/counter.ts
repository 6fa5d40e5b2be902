/**
 * The counter's routes (R13–R16) as a function of their dependencies, so the Lambda module (`counter.ts`) and the
 * fault tests wire the same routes over different adapters. The access token is verified by the `tokenGuard` before
 * any of these run (`callerOf` reads its result); the session (R11) is checked by each use case first, with the
 * counter's own batched reads.
 */
import { z } from 'zod';
import { practiceFormFor, sendFormFor } from '#domain/counter/serve-form';
import type { Arrival, CounterCaller, CounterDeps, Receipt, ReceiptSigner } from '#domain/counter/ports';
import { receiptOf } from '#domain/counter/receipt';
import { sendApplication } from '#domain/counter/send';
import { created, ok, type Request, route } from '#http/handler';

const arrivalOf = (request: Request): Arrival => ({ atMs: request.arrivalMs, sourceIp: request.sourceIp });

export interface CounterWiring {
  deps: () => Promise<CounterDeps>;
  signer: () => Promise<Pick<ReceiptSigner, 'jwks'>>;
  callerOf: (request: Request) => CounterCaller;
}

export function counterRoutes({ deps, signer, callerOf }: CounterWiring) {
  return {
    'GET /sportello/test-form': route({
      async handle({ request }) {
        return ok(await practiceFormFor(callerOf(request), arrivalOf(request), await deps()));
      },
    }),
    'GET /sportello/form': route({
      async handle({ request }) {
        return ok(await sendFormFor(callerOf(request), arrivalOf(request), await deps()));
      },
    }),
    'POST /sportello/send': route({
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
    'GET /sportello/receipt': route({
      async handle({ request }) {
        const receipt: Receipt = await receiptOf(callerOf(request), request.arrivalMs, await deps());
        return ok({ receipt });
      },
    }),
    'GET /sportello/keys': route({
      async handle() {
        // Cached at the edge (route table `cacheSeconds`): the keys change only with the key itself.
        return ok(await (await signer()).jwks());
      },
    }),
  };
}
