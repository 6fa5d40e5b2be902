/**
 * Pre token generation trigger (event version V2, Essentials feature plan): adds the portal's OAuth scope to every
 * access token the pool issues. Tokens from InitiateAuth (USER_PASSWORD_AUTH) and refresh carry only
 * `aws.cognito.signin.user.admin`; custom scopes otherwise appear only in OAuth (hosted UI) flows, which the product
 * does not offer. API Gateway's Cognito authorizers require this scope (`authorizationScopes`), which also makes them
 * accept access tokens only, never ID tokens. One function per pool: its scope comes from the environment.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { z } from 'zod';
import { parseEnv } from '#http/env';
import { ACCESS_SCOPE_ENV } from '#catalogue/function-needs';

const env = parseEnv({ [ACCESS_SCOPE_ENV]: z.string().regex(/^[\w.-]+\/[\w.-]+$/) });
const scope = env[ACCESS_SCOPE_ENV] as string;

export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: [scope] } } };
  return event;
}
