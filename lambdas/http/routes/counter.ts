/**
 * The counter's routes (R13–R16) as a function of their dependencies, so the Lambda module (`handlers/counter.ts`)
 * and the tests wire the same routes over different adapters. The access token is verified by the handler's
 * `tokenAuthenticator` before any of these run (`request.caller`); the session (R11) is checked by each use case
 * first, with the counter's own batched reads. The send runs in CONTRACT's order: its precheck (application, session,
 * replay, limits) before the body's validation, the record after it; a refusal after the precheck is counted.
 */
import { SendBody } from '#domain/counter/form';
import type { Arrival, CounterCaller, CounterDeps } from '#domain/counter/ports';
import { receiptOf, withLogProof } from '#domain/counter/receipt';
import { admitSend, countRefusal, recordSend, type SendResult, type SendTicket } from '#domain/counter/send';
import { practiceFormFor, sendFormFor } from '#domain/counter/serve-form';
import type { VerifiedToken } from '#http/auth';
import { fail } from '#http/errors';
import { created, ok, type Reply, type Request, route } from '#http/handler';

type CounterRequest = Request<VerifiedToken>;
type NoQuery = Record<string, never>;

const arrivalOf = (request: CounterRequest): Arrival => ({
  atMs: request.arrivalMs,
  sourceIp: request.sourceIp,
  deadlineMs: request.deadlineMs,
});

/** The verified token of a counter route (its session is checked by the use case). */
function callerOf(request: CounterRequest): CounterCaller {
  if (!request.caller) throw fail.unauthenticated();
  return { sub: request.caller.sub, tokenId: request.caller.tokenId };
}

const answer = (result: SendResult): Reply =>
  result.firstSend ? created({ receipt: result.receipt }) : ok({ receipt: result.receipt, message: result.message });

export function counterRoutes(deps: CounterDeps) {
  return {
    'GET /sportello/test-form': route<undefined, NoQuery, VerifiedToken>({
      handle: async ({ request }) => ok(await practiceFormFor(callerOf(request), arrivalOf(request), deps)),
    }),
    'GET /sportello/form': route<undefined, NoQuery, VerifiedToken>({
      handle: async ({ request }) => ok(await sendFormFor(callerOf(request), arrivalOf(request), deps)),
    }),
    'POST /sportello/send': route<typeof SendBody._output, NoQuery, VerifiedToken, SendTicket>({
      body: SendBody,
      async precheck({ body, request }) {
        const admission = await admitSend(callerOf(request), body, arrivalOf(request), deps);
        return 'replay' in admission ? { reply: answer(admission.replay) } : { pass: admission.ticket };
      },
      onRefusal: ({ error, prechecked }) => countRefusal(prechecked, error, deps),
      handle: async ({ body, prechecked }) => answer(await recordSend(prechecked, body, deps)),
    }),
    'GET /sportello/receipt': route<undefined, NoQuery, VerifiedToken>({
      handle: async ({ request }) =>
        ok({ receipt: await withLogProof(await receiptOf(callerOf(request), request.arrivalMs, deps), deps) }),
    }),
    'GET /sportello/keys': route<undefined, NoQuery, VerifiedToken>({
      // Cached at the edge (route table `cacheSeconds`): the keys change only when a receipt key is certified.
      handle: async () => ok(await deps.signer.jwks()),
    }),
  } as const;
}
