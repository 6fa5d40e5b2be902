/**
 * The answer of the pre token generation trigger (event version 2) for a portal's pool: the portal's scope added to
 * every access token — API Gateway's authorizers and the backend require it, so an ID token never passes for an access
 * token — and the self-service scope suppressed, so that no token Cognito issues for these pools can call Cognito's
 * own user APIs (change the phone, the password or the MFA settings, delete the account) behind the product's back.
 * The trigger (`triggers/access-scope.ts`) and the local cloud's emulation of it both answer with this.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { SELF_SERVICE_SCOPE } from '#catalogue/resources';

export function accessTokenScopes(portalScope: string): PreTokenGenerationV2TriggerEvent['response'] {
  return {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { scopesToAdd: [portalScope], scopesToSuppress: [SELF_SERVICE_SCOPE] },
    },
  };
}
