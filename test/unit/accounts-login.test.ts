import { login } from '../support/routes.ts';
import { describeCaller } from '#domain/accounts/me';
import { MAX_WRONG_CODES } from '#domain/accounts/mfa';
import { answerSmsCode, setUpPhone } from '../support/routes.ts';
import { confirmNewPassword, forgotPassword } from '../support/routes.ts';
import { logout, requireCurrentSession } from '#domain/accounts/session';
import { refreshSession } from '../support/routes.ts';
import { LOCKOUT_MESSAGE } from '#domain/accounts/lockout';
import { claimKeys } from '#domain/accounts/claims';
import {
  codeOf,
  ctx,
  HOUR,
  MIN,
  NOW,
  otherSource,
  PASSWORD,
  PHONE,
  timetable,
  token,
  world,
} from './accounts-fixtures.ts';
import { enrol, logIn, registeredParticipant } from './accounts-flows.ts';

const EMAIL = 'maria@example.it';
const wrongPassword = { portal: 'participant', email: EMAIL, password: 'Wrong#Pass1' } as const;

async function enrolled() {
  const deps = world();
  await registeredParticipant(deps, EMAIL, token('a'));
  const tokens = await enrol(deps, 'participant', EMAIL, PHONE);
  return { deps, tokens };
}

const sub = (deps: ReturnType<typeof world>) => deps.identity.users.participant.get(EMAIL)?.sub as string;
const jtiOf = (deps: ReturnType<typeof world>) => [...deps.sessions.items.values()][0]?.tokenIds.at(-1) as string;

describe('first login and phone enrolment (R4, R9)', () => {
  it('given no phone yet, login answers MFA_SETUP; the verified SMS code starts the session with SMS MFA on', async () => {
    const deps = world();
    await registeredParticipant(deps, EMAIL, token('a'));
    const first = await login({ portal: 'participant', email: EMAIL, password: PASSWORD }, ctx, deps);
    expect(first).toEqual({ challenge: 'MFA_SETUP', session: expect.any(String) });
    expect(deps.sessions.items.size).toBe(0); // no session before the second factor

    const setup = await setUpPhone({ portal: 'participant', session: first.session, phone: PHONE }, ctx, deps);
    expect(setup).toEqual({ challenge: 'SMS_MFA', session: first.session });
    const tokens = await answerSmsCode(
      { portal: 'participant', session: first.session, code: deps.identity.lastCode(PHONE) },
      ctx,
      deps,
    );
    expect(tokens).toEqual(expect.objectContaining({ accessToken: expect.any(String), expiresIn: 3600 }));
    expect(deps.identity.users.participant.get(EMAIL)?.smsMfa).toBe(true);
    expect(deps.claims.items.has(claimKeys.phone('participant', PHONE))).toBe(true);
    const caller = await requireCurrentSession('participant', sub(deps), jtiOf(deps), deps);
    await expect(describeCaller(caller, deps)).resolves.toEqual({
      portal: 'participant',
      email: EMAIL,
      firstName: 'Maria',
      lastName: 'Rossi',
      phoneVerified: true,
      token: token('a'),
      // The application's scope, for the waiting room's status request (R2b).
      region: 'Lazio',
      axis: '2',
    });
    // From M4 the whole token is withheld: a hint the portal checks a pasted code against.
    deps.clock.advance(4 * HOUR);
    const later = await describeCaller(caller, deps);
    expect(later).not.toHaveProperty('token');
    expect(later.tokenHint).toBe(`${token('a').slice(0, 5)}…${token('a').slice(-4)}`);
    deps.clock.advance(-4 * HOUR);
    // The login session is spent.
    const again = answerSmsCode({ portal: 'participant', session: first.session, code: '123456' }, ctx, deps);
    expect(await codeOf(again)).toBe('UNAUTHENTICATED');
  });

  it('refuses a phone already verified on another registration of the portal with PHONE_TAKEN', async () => {
    const { deps } = await enrolled();
    await registeredParticipant(deps, 'luigi@example.it', token('b'));
    const first = await login({ portal: 'participant', email: 'luigi@example.it', password: PASSWORD }, ctx, deps);
    const taken = setUpPhone({ portal: 'participant', session: first.session, phone: PHONE }, ctx, deps);
    expect(await codeOf(taken)).toBe('PHONE_TAKEN');
    const invalid = await setUpPhone(
      { portal: 'participant', session: first.session, phone: '+390612345678' },
      ctx,
      deps,
    ).catch((e) => e);
    expect(invalid.code).toBe('VALIDATION');
    expect(invalid.details.fields[0].path).toBe('phone');
  });

  it('a login session of one portal is refused by the other and expires after 5 minutes', async () => {
    const deps = world();
    await registeredParticipant(deps, EMAIL, token('a'));
    const first = await login({ portal: 'participant', email: EMAIL, password: PASSWORD }, ctx, deps);
    expect(await codeOf(setUpPhone({ portal: 'admin', session: first.session, phone: PHONE }, ctx, deps))).toBe(
      'UNAUTHENTICATED',
    );
    deps.clock.advance(5 * MIN);
    expect(await codeOf(setUpPhone({ portal: 'participant', session: first.session, phone: PHONE }, ctx, deps))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses login before the e-mail is confirmed with EMAIL_NOT_CONFIRMED', async () => {
    const deps = world();
    const { registerParticipant } = await import('../support/routes.ts');
    const { participantForm } = await import('./accounts-fixtures.ts');
    await registerParticipant(participantForm(EMAIL, token('a')), ctx, deps);
    const early = login({ portal: 'participant', email: EMAIL, password: PASSWORD }, ctx, deps);
    expect(await codeOf(early)).toBe('EMAIL_NOT_CONFIRMED');
  });
});

describe('SMS challenge on later logins (R9)', () => {
  it('gives SMS_MFA, and five wrong codes end the login without counting toward the lockout', async () => {
    const { deps } = await enrolled();
    const first = await login({ portal: 'participant', email: EMAIL, password: PASSWORD }, ctx, deps);
    expect(first.challenge).toBe('SMS_MFA');
    const right = deps.identity.lastCode(PHONE);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i < MAX_WRONG_CODES; i++) {
      const refused = await answerSmsCode(
        { portal: 'participant', session: first.session, code: wrong },
        ctx,
        deps,
      ).catch((e) => e);
      expect(refused.code).toBe('BAD_CREDENTIALS');
      const left = MAX_WRONG_CODES - i;
      expect(refused.message).toContain(left === 1 ? 'resta 1 tentativo' : `restano ${left} tentativi`);
    }
    const fifth = await answerSmsCode({ portal: 'participant', session: first.session, code: wrong }, ctx, deps).catch(
      (e) => e,
    );
    expect(fifth.code).toBe('BAD_CREDENTIALS');
    const ended = answerSmsCode({ portal: 'participant', session: first.session, code: right }, ctx, deps);
    expect(await codeOf(ended)).toBe('UNAUTHENTICATED');
    expect([...deps.lockouts.items.values()]).toEqual([]); // wrong SMS codes are not R10 failures
  });
});

/**
 * Waits out, after the n-th wrong password, the identity provider's own lockout (1 s after the fifth, doubling) as a
 * person typing does: the product predicts it and would refuse a faster attempt.
 */
function afterFailure(deps: ReturnType<typeof world>, n: number) {
  deps.clock.advance(n >= 5 ? 2 ** (n - 5) * 1000 : 0);
}

/** Nine wrong passwords at a person's pace from `source`: the `attemptsLeft` of each answer. */
async function nineWrong(deps: ReturnType<typeof world>, source = ctx) {
  const left: (number | undefined)[] = [];
  for (let i = 1; i < 10; i++) {
    const refused = await login(wrongPassword, source, deps).catch((e) => e);
    expect(refused.code).toBe('BAD_CREDENTIALS');
    left.push(refused.details?.attemptsLeft);
    afterFailure(deps, i);
  }
  return left;
}

describe('lockout (R10) per account and source', () => {
  it('locks at the tenth wrong password for a minute, with the seeds message; other sources are unaffected', async () => {
    const { deps } = await enrolled();
    const start = deps.clock.ms;
    expect(await nineWrong(deps)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 3, 2, 1]);
    const tenth = await login(wrongPassword, ctx, deps).catch((e) => e);
    expect(tenth.code).toBe('LOCKED');
    const lockedUntil = new Date(deps.clock.ms + MIN).toISOString();
    expect(deps.clock.ms - start).toBe(31_000); // the provider's pauses after failures 5 to 9
    expect(tenth.details).toEqual({ lockedUntil });
    const right = { ...wrongPassword, password: PASSWORD };
    deps.clock.advance(32_000); // past the provider's own pause after the tenth (2^5 s), inside R10's minute
    const during = await login(right, ctx, deps).catch((e) => e);
    expect(during.code).toBe('LOCKED');
    expect(during.details.lockedUntil).toBe(lockedUntil); // not extended
    expect(LOCKOUT_MESSAGE).toContain("L'account è stato temporaneamente bloccato");
    expect(deps.audit.kinds()).toContain('LOCKOUT');

    await expect(login(right, otherSource, deps)).resolves.toMatchObject({ challenge: 'SMS_MFA' });
    deps.clock.advance(MIN - 32_000);
    await expect(login(right, ctx, deps)).resolves.toMatchObject({ challenge: 'SMS_MFA' });
  });

  it('a completed login (both factors) resets the counters', async () => {
    const { deps } = await enrolled();
    await nineWrong(deps);
    deps.clock.advance(16_000);
    await logIn(deps, 'participant', EMAIL, PHONE);
    expect(await nineWrong(deps)).toHaveLength(9);
  });

  it("inside the identity provider's own lockout (predicted) an attempt is RATE_LIMITED with the seconds left, not counted", async () => {
    const { deps } = await enrolled();
    for (let i = 0; i < 5; i++) expect(await codeOf(login(wrongPassword, ctx, deps))).toBe('BAD_CREDENTIALS');
    const early = await login({ ...wrongPassword, password: PASSWORD }, ctx, deps).catch((e) => e);
    expect(early.code).toBe('RATE_LIMITED');
    expect(early.retryAfterSeconds).toBe(1);
    deps.clock.advance(1_000);
    await expect(login({ ...wrongPassword, password: PASSWORD }, ctx, deps)).resolves.toMatchObject({
      challenge: 'SMS_MFA',
    });
  });
});

describe("the identity provider's lockout out of rivals' reach", () => {
  const rivals = [{ sourceIp: '203.0.113.10' }, { sourceIp: '203.0.113.20' }, { sourceIp: '2001:db8:1:2::7' }];

  it('30 wrong passwords from 3 other addresses forward at most 4; the owner at its own address logs in at once', async () => {
    const { deps } = await enrolled();
    const codes: string[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login(wrongPassword, rivals[i % 3] as typeof ctx, deps).catch((e) => codes.push(e.code)),
      ),
    );
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(4);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(26);
    expect((await deps.signIns.failures('participant', EMAIL))?.failures).toBe(4);
    await expect(logIn(deps, 'participant', EMAIL, PHONE)).resolves.toMatchObject({ accessToken: expect.any(String) });
    // A completed login restores the allowance of unknown sources.
    expect(await codeOf(login(wrongPassword, rivals[0] as typeof ctx, deps))).toBe('BAD_CREDENTIALS');
  });

  it('an unregistered address is answered like a registered one, attempt after attempt', async () => {
    const { deps } = await enrolled();
    const answers = async (email: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const e = await login({ ...wrongPassword, email }, rivals[1] as typeof ctx, deps).catch((x) => x);
        seen.push([e.code, e.message, e.details, e.retryAfterSeconds]);
      }
      return seen;
    };
    expect(await answers('nessuno@example.it')).toEqual(await answers(EMAIL));
  });

  it('an address where the e-mail code was confirmed is known: its attempts are forwarded past the allowance', async () => {
    const { deps } = await enrolled();
    for (let i = 0; i < 4; i++) await login(wrongPassword, rivals[0] as typeof ctx, deps).catch(() => undefined);
    expect(await codeOf(login(wrongPassword, rivals[0] as typeof ctx, deps))).toBe('RATE_LIMITED');
    // ctx registered and confirmed the account (accounts-flows): never refused for others' failures.
    await expect(login({ ...wrongPassword, password: PASSWORD }, ctx, deps)).resolves.toMatchObject({
      challenge: 'SMS_MFA',
    });
  });

  it("the identity provider's own throttle is RATE_LIMITED and not counted", async () => {
    const { deps } = await enrolled();
    deps.identity.throttle = true;
    for (let i = 0; i < 12; i++) expect(await codeOf(login(wrongPassword, ctx, deps))).toBe('RATE_LIMITED');
    deps.identity.throttle = false;
    expect(await codeOf(login(wrongPassword, ctx, deps))).toBe('BAD_CREDENTIALS');
  });
});

describe('one session per account (R11)', () => {
  it('a new login supersedes the previous session; refresh keeps the current one alive', async () => {
    const { deps, tokens } = await enrolled();
    const oldJti = jtiOf(deps);
    const refreshed = await refreshSession({ portal: 'participant', refreshToken: tokens.refreshToken }, ctx, deps);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    const newJti = jtiOf(deps);
    await expect(requireCurrentSession('participant', sub(deps), oldJti, deps)).resolves.toBeTruthy();
    await expect(requireCurrentSession('participant', sub(deps), newJti, deps)).resolves.toBeTruthy();

    await logIn(deps, 'participant', EMAIL, PHONE, otherSource);
    expect(await codeOf(requireCurrentSession('participant', sub(deps), oldJti, deps))).toBe('SESSION_SUPERSEDED');
    const stale = refreshSession({ portal: 'participant', refreshToken: tokens.refreshToken }, ctx, deps);
    expect(await codeOf(stale)).toBe('SESSION_SUPERSEDED');
  });

  it('records the last use at most once a minute', async () => {
    const { deps } = await enrolled();
    const jti = jtiOf(deps);
    for (let i = 0; i < 50; i++) await requireCurrentSession('participant', sub(deps), jti, deps);
    expect(deps.sessions.touches).toBe(0);
    deps.clock.advance(MIN);
    for (let i = 0; i < 50; i++) await requireCurrentSession('participant', sub(deps), jti, deps);
    expect(deps.sessions.touches).toBe(1);
  });

  it('an overlap during [M4, M6) with a session used in the last 10 minutes is recorded as evidence', async () => {
    const { deps } = await enrolled();
    await logIn(deps, 'participant', EMAIL, PHONE); // before M4: no evidence
    expect(deps.audit.evidence).toHaveLength(0);
    deps.config.setGlobal(timetable(NOW - 4 * HOUR - MIN)); // now in the waiting room
    await logIn(deps, 'participant', EMAIL, PHONE, otherSource);
    expect(deps.audit.evidence).toHaveLength(1);
    expect(deps.audit.evidence[0]).toMatchObject({ kind: 'SESSION_OVERLAP', actor: EMAIL, subject: token('a') });
    deps.clock.advance(11 * MIN);
    await logIn(deps, 'participant', EMAIL, PHONE);
    expect(deps.audit.evidence).toHaveLength(1); // the previous session was idle for 11 minutes
  });

  it('logout ends the session: its tokens are UNAUTHENTICATED', async () => {
    const { deps } = await enrolled();
    const caller = await requireCurrentSession('participant', sub(deps), jtiOf(deps), deps);
    await logout(caller, deps);
    expect(await codeOf(requireCurrentSession('participant', caller.sub, caller.tokenId, deps))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('password reset (R8)', () => {
  it('answers the same for unknown addresses, and a new password under R7 ends the session', async () => {
    const { deps } = await enrolled();
    await expect(
      forgotPassword({ portal: 'participant', email: 'nobody@example.it' }, ctx, deps),
    ).resolves.toBeUndefined();
    await forgotPassword({ portal: 'participant', email: EMAIL }, ctx, deps);
    const code = deps.identity.lastCode(EMAIL);
    const weak = { portal: 'participant', email: EMAIL, code, password: 'weakweak', confirmPassword: 'weakweak' };
    expect(await codeOf(confirmNewPassword(weak, ctx, deps))).toBe('PASSWORD_POLICY');
    const strong = { ...weak, password: 'Nuova#Pass99', confirmPassword: 'Nuova#Pass99' };
    expect(
      await codeOf(confirmNewPassword({ ...strong, code: code === '000000' ? '111111' : '000000' }, ctx, deps)),
    ).toBe('BAD_CREDENTIALS');
    await confirmNewPassword(strong, ctx, deps);
    expect(deps.sessions.items.size).toBe(0);
    await expect(
      login({ portal: 'participant', email: EMAIL, password: 'Nuova#Pass99' }, ctx, deps),
    ).resolves.toMatchObject({ challenge: 'SMS_MFA' });
    // The session's refresh token was revoked at the identity provider too.
    expect(deps.identity.revoked).toHaveLength(1);
    void HOUR;
  });

  it('a wrong code is answered alike for any address; five spend it until "Password dimenticata" sends a new one', async () => {
    const { deps } = await enrolled();
    await forgotPassword({ portal: 'participant', email: EMAIL }, ctx, deps);
    const code = deps.identity.lastCode(EMAIL);
    const attempt = (email: string, c: string) =>
      confirmNewPassword(
        { portal: 'participant', email, code: c, password: 'Nuova#Pass99', confirmPassword: 'Nuova#Pass99' },
        ctx,
        deps,
      ).catch((e) => [e.code, e.message]);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await attempt('nessuno@example.it', wrong)).toEqual(await attempt(EMAIL, wrong));
    for (let i = 0; i < 4; i++) await attempt(EMAIL, wrong);
    expect((await attempt(EMAIL, code))[1]).toContain('annullato dopo 5 tentativi errati');
    await forgotPassword({ portal: 'participant', email: EMAIL }, ctx, deps);
    await expect(attempt(EMAIL, deps.identity.lastCode(EMAIL))).resolves.toEqual({});
  });
});
