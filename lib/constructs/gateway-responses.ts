import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { BODY_TOO_LARGE_MESSAGE } from '#catalogue/routes';

/**
 * Errors API Gateway produces itself (before any handler runs), in the CONTRACT shape
 * `{"error":{"code","message"}}` with Italian text: never "Unauthorized" or "Missing Authentication Token".
 */
export interface GatewayError {
  readonly type: apigw.ResponseType;
  readonly statusCode: string;
  readonly code: string;
  readonly message: string;
  /** Seconds to suggest in `retry-after`. */
  readonly retryAfter?: number;
}

export const GATEWAY_ERRORS: readonly GatewayError[] = [
  {
    type: apigw.ResponseType.UNAUTHORIZED,
    statusCode: '401',
    code: 'UNAUTHENTICATED',
    message: 'Sessione non valida o scaduta: accedi di nuovo.',
  },
  {
    type: apigw.ResponseType.ACCESS_DENIED,
    statusCode: '403',
    code: 'FORBIDDEN',
    message: 'Non hai i permessi per questa operazione.',
  },
  {
    // A REST API answers an unknown path or method with this type (403 "Missing Authentication Token").
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    code: 'NOT_FOUND',
    message: 'La risorsa richiesta non esiste.',
  },
  {
    type: apigw.ResponseType.RESOURCE_NOT_FOUND,
    statusCode: '404',
    code: 'NOT_FOUND',
    message: 'La risorsa richiesta non esiste.',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    statusCode: '429',
    code: 'RATE_LIMITED',
    message: 'Il servizio sta ricevendo molte richieste. Attendi qualche secondo e riprova.',
    retryAfter: 2,
  },
  {
    type: apigw.ResponseType.WAF_FILTERED,
    statusCode: '403',
    code: 'FORBIDDEN',
    message: 'Richiesta non consentita.',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    statusCode: '413',
    code: 'VALIDATION',
    message: BODY_TOO_LARGE_MESSAGE,
  },
  {
    type: apigw.ResponseType.DEFAULT_4XX,
    statusCode: '400',
    code: 'VALIDATION',
    message: 'La richiesta non è valida.',
  },
  {
    type: apigw.ResponseType.DEFAULT_5XX,
    statusCode: '503',
    code: 'UNAVAILABLE',
    // Also a function that timed out AFTER recording: never claim that nothing was recorded here.
    message:
      'Servizio momentaneamente non disponibile: riprova tra qualche secondo. Un invio già registrato resta valido: al nuovo tentativo viene mostrata la ricevuta originale.',
    retryAfter: 2,
  },
];

/** The body of a gateway error, as a mapping template (static JSON: no `$` in the text). */
export function gatewayErrorBody(error: GatewayError): string {
  return JSON.stringify({ error: { code: error.code, message: error.message } });
}

export function addGatewayResponses(api: apigw.RestApi): void {
  for (const error of GATEWAY_ERRORS) {
    api.addGatewayResponse(`Error${error.type.responseType}`, {
      type: error.type,
      statusCode: error.statusCode,
      responseHeaders: {
        'Cache-Control': "'no-store'",
        ...(error.retryAfter ? { 'retry-after': `'${error.retryAfter}'` } : {}),
      },
      templates: { 'application/json': gatewayErrorBody(error) },
    });
  }
}
