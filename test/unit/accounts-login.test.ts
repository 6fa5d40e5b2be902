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
      expect(refused.message).toContain(`restano ${MAX_WRONG_CODES - i}`);
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

describe('lockout (R10) per account and source', () => {
  it('locks at the tenth wrong password for a minute, with the seeds message; other sources are unaffected', async () => {
    const { deps } = await enrolled();
    for (let i = 1; i < 10; i++) {
      expect(await codeOf(login(wrongPassword, ctx, deps))).toBe('BAD_CREDENTIALS');
    }
    const tenth = await login(wrongPassword, ctx, deps).catch((e) => e);
    expect(tenth.code).toBe('LOCKED');
    expect(tenth.details).toEqual({ lockedUntil: new Date(NOW + MIN).toISOString() });
    const right = { ...wrongPassword, password: PASSWORD };
    const during = await login(right, ctx, deps).catch((e) => e);
    expect(during.code).toBe('LOCKED');
    expect(during.details.lockedUntil).toBe(new Date(NOW + MIN).toISOString()); // not extended
    expect(LOCKOUT_MESSAGE).toContain("L'account è stato temporaneamente bloccato");
    expect(deps.audit.kinds()).toContain('LOCKOUT');

    await expect(login(right, otherSource, deps)).resolves.toMatchObject({ challenge: 'SMS_MFA' });
    deps.clock.advance(MIN);
    await expect(login(right, ctx, deps)).resolves.toMatchObject({ challenge: 'SMS_MFA' });
  });

  it('a completed login (both factors) resets the counters', async () => {
    const { deps } = await enrolled();
    for (let i = 0; i < 9; i++) await login(wrongPassword, ctx, deps).catch(() => undefined);
    await logIn(deps, 'participant', EMAIL, PHONE);
    for (let i = 0; i < 9; i++) {
      expect(await codeOf(login(wrongPassword, ctx, deps))).toBe('BAD_CREDENTIALS');
    }
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
    void HOUR;
  });
});
