import { Unavailable } from '#domain/kernel/unavailable';
import { ApiError, ERRORS, fail, toApiError } from '#http/errors';

/** CONTRACT "Conventions": every code and its status, copied from the table. */
const CONTRACT_TABLE: [string, number][] = [
  ['VALIDATION', 400],
  ['PASSWORD_POLICY', 400],
  ['TOKEN_FORMAT', 400],
  ['UNAUTHENTICATED', 401],
  ['SESSION_SUPERSEDED', 401],
  ['BAD_CREDENTIALS', 401],
  ['EMAIL_NOT_CONFIRMED', 403],
  ['FORBIDDEN', 403],
  ['PHASE_CLOSED', 403],
  ['PEC_UNKNOWN', 403],
  ['TOKEN_UNKNOWN', 404],
  ['NOT_FOUND', 404],
  ['TOKEN_TAKEN', 409],
  ['EMAIL_TAKEN', 409],
  ['PHONE_TAKEN', 409],
  ['PEC_TAKEN', 409],
  ['NCD', 409],
  ['ALREADY_SENT', 409],
  ['NO_PARTICIPANT', 409],
  ['TOKEN_CONSUMED', 410],
  ['WRONG_ANSWER', 422],
  ['FORM_EXPIRED', 422],
  ['LOCKED', 423],
  ['RATE_LIMITED', 429],
  ['UNAVAILABLE', 503],
];

describe('errors: the CONTRACT table as data', () => {
  test.each(CONTRACT_TABLE)('%s answers %i with a non-empty Italian message', (code, status) => {
    const entry = ERRORS[code as keyof typeof ERRORS];
    expect(entry.status).toBe(status);
    expect(entry.message.length).toBeGreaterThan(10);
    expect(new ApiError(code as keyof typeof ERRORS).statusCode).toBe(status);
  });

  test('the only code beyond the CONTRACT is the 500 for defects', () => {
    const extra = Object.keys(ERRORS).filter((c) => !CONTRACT_TABLE.some(([k]) => k === c));
    expect(extra).toEqual(['INTERNAL']);
  });

  test("LOCKED carries the seeds' text with straight apostrophes", () => {
    expect(ERRORS.LOCKED.message).toBe(
      "L'account è stato temporaneamente bloccato per impedirne l'uso non autorizzato. Riprovare più tardi.",
    );
  });
});

describe('errors: ApiError', () => {
  test('expose only below 500; retry-after defaults to 1 s on 429 and 503, rounded up, never below 1', () => {
    expect(fail.forbidden().expose).toBe(true);
    expect(fail.internal().expose).toBe(false);
    expect(fail.unavailable().expose).toBe(false);
    expect(fail.code('RATE_LIMITED').retryAfterSeconds).toBe(1);
    expect(fail.unavailable(2.2).retryAfterSeconds).toBe(3);
    expect(fail.rateLimited(0).retryAfterSeconds).toBe(1);
    expect(fail.forbidden().retryAfterSeconds).toBeUndefined();
  });

  test('extras live inside error and cannot overwrite code or message', () => {
    const body = new ApiError('VALIDATION', { extra: { fields: [], code: 'X', message: 'Y' } }).toBody();
    expect(body).toEqual({ error: { fields: [], code: 'VALIDATION', message: ERRORS.VALIDATION.message } });
  });

  test('toApiError: Unavailable → UNAVAILABLE keeping its retry-after; anything unknown → INTERNAL', () => {
    expect(toApiError(new Unavailable('x', 4))).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 4 });
    expect(toApiError(new TypeError('boom')).code).toBe('INTERNAL');
    expect(toApiError('a string').code).toBe('INTERNAL');
    const system = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(toApiError(system).code).toBe('INTERNAL');
  });
});
