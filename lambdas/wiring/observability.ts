/**
 * Observability at the composition root: one middy middleware that gives every HTTP function the Lambda context in
 * its logs, a trace segment per invocation and one flush of its metrics; and the business events that are read off
 * what already happens (a send's answer, an audited lockout, an SMS code Cognito was asked to send), so the use cases
 * and their files stay as they are.
 */
import type middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { AccountsDeps } from '#domain/accounts/ports';
import type { BusinessMetrics } from '#domain/kernel/business-metrics';
import { flushMetrics, type Observability } from '#adapters/observability';

export function observed(obs: Observability): middy.MiddlewareObj {
  const flush = async () => flushMetrics(obs.metrics);
  return {
    before: async (request) => {
      await injectLambdaContext(obs.logger, { resetKeys: true }).before?.(request);
      await captureLambdaHandler(obs.tracer).before?.(request);
    },
    after: async (request) => {
      await captureLambdaHandler(obs.tracer).after?.(request);
      await flush();
    },
    onError: async (request) => {
      await captureLambdaHandler(obs.tracer).onError?.(request);
      await flush();
    },
  };
}

/** The send route's outcomes: 201 a first send recorded, 200 a replay, any error a refusal by its code. */
export function sendOutcomes(metrics: BusinessMetrics) {
  return (key: string, status: number, code?: string) => {
    if (key !== 'POST /sportello/send') return;
    if (status === 201) metrics.count('SendRecorded');
    else if (status === 200) metrics.count('SendReplayed');
    else metrics.count('SendRefused', { code: code ?? `HTTP_${status}` });
  };
}

/**
 * Accounts' dependencies that also count lockouts (audited `LOCKOUT`) and the SMS codes sent (Cognito's, the product's); every other
 * method is the adapter's own (the counting objects inherit from it).
 */
export function countedAccounts(deps: AccountsDeps, metrics: BusinessMetrics): AccountsDeps {
  const { identity, audit } = deps;
  return {
    ...deps,
    audit: Object.assign(Object.create(audit) as typeof audit, {
      append: async (entry: Parameters<typeof audit.append>[0]) => {
        const record = await audit.append(entry);
        if (entry.kind === 'LOCKOUT') metrics.count('LoginLocked');
        return record;
      },
    }),
    identity: Object.assign(Object.create(identity) as typeof identity, {
      passwordLogin: async (...args: Parameters<typeof identity.passwordLogin>) => {
        const result = await identity.passwordLogin(...args);
        if (result.kind === 'SMS_MFA') metrics.count('SmsSent');
        return result;
      },
    }),
    // The product's own SMS sent directly (AWS); through the notifications topic the sender counts them.
    sms:
      deps.sms === deps.notifier
        ? deps.sms
        : Object.assign(Object.create(deps.sms) as typeof deps.sms, {
            notify: async (...args: Parameters<typeof deps.sms.notify>) => {
              await deps.sms.notify(...args);
              metrics.count('SmsSent');
            },
          }),
  };
}
