/**
 * Pre token generation trigger (event version V2, Essentials feature plan), one function per pool, its scope from the
 * environment: every access token gets the portal's scope and loses `aws.cognito.signin.user.admin`
 * (`adapters/cognito/token-scopes.ts`). Tokens from InitiateAuth (USER_PASSWORD_AUTH) and refresh otherwise carry only
 * that self-service scope; custom scopes appear only in OAuth flows, which the product does not offer.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { z } from 'zod';
import { accessTokenScopes } from '#adapters/cognito/token-scopes';
import { ACCESS_SCOPE_ENV } from '#catalogue/function-needs';
import { parseEnv } from '#http/env';

const env = parseEnv({ [ACCESS_SCOPE_ENV]: z.string().regex(/^[\w.-]+\/[\w.-]+$/) });
const response = accessTokenScopes(env[ACCESS_SCOPE_ENV] as string);

export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  event.response = response;
  return event;
}
