import { confirmRegistration, resendConfirmationCode } from '../support/routes.ts';
import { registeredParticipant } from './accounts-flows.ts';
import { EMAIL_CODES_PER_ACCOUNT } from '#domain/accounts/limits';
import { registerAdmin, registerParticipant } from '../support/routes.ts';
import { sweepUnconfirmed } from '#domain/accounts/sweep';
import { claimKeys } from '#domain/accounts/claims';
import {
  application,
  codeOf,
  ctx,
  HOUR,
  NOW,
  PASSWORD,
  PEC,
  participantForm,
  timetable,
  token,
  world,
} from './accounts-fixtures.ts';

describe('participant registration (R4, R6)', () => {
  it('given a valid form, when registering and confirming the e-mail code, then the token is bound', async () => {
    const deps = world();
    const answer = await registerParticipant(participantForm(' Maria.Rossi@Example.IT ', token('a')), ctx, deps);
    expect(answer).toEqual({ next: 'CONFIRM_EMAIL' });
    expect(deps.applications.items.get(token('a'))?.participant).toBeUndefined();

    const code = deps.identity.lastCode('maria.rossi@example.it');
    const confirmed = await confirmRegistration('participant', { email: 'MARIA.ROSSI@example.it', code }, ctx, deps);
    expect(confirmed).toEqual({ next: 'LOGIN' });
    expect(deps.applications.items.get(token('a'))?.participant?.email).toBe('maria.rossi@example.it');
    expect(deps.audit.kinds()).toEqual(['REGISTRATION', 'CONFIRMATION']);
    // Claims became permanent: a day later nobody else can take the token.
    deps.clock.advance(25 * HOUR);
    deps.config.setGlobal(timetable(deps.clock.ms - HOUR)); // still inside a registration window
    const late = registerParticipant(participantForm('other@example.it', token('a')), ctx, deps);
    expect(await codeOf(late)).toBe('TOKEN_TAKEN');
  });

  it('refuses in CONTRACT order: VALIDATION, TOKEN_FORMAT, PASSWORD_POLICY, PHASE_CLOSED, TOKEN_UNKNOWN, NCD', async () => {
    const deps = world();
    const bad = participantForm('not-an-address', 'xyz', { password: 'short', confirmPassword: 'other' });
    expect(await codeOf(registerParticipant(bad, ctx, deps))).toBe('VALIDATION');
    const badToken = participantForm('a@example.it', `+${'A'.repeat(64)}`, { password: 'short' });
    const formatError = await registerParticipant(badToken, ctx, deps).catch((e) => e);
    expect(formatError.code).toBe('TOKEN_FORMAT');
    expect(formatError.message).toContain('minuscolo');
    const weak = await registerParticipant(
      participantForm('a@example.it', token('f'), { password: 'abcdefgh', confirmPassword: 'abcdefgh' }),
      ctx,
      deps,
    ).catch((e) => e);
    expect(weak.code).toBe('PASSWORD_POLICY');
    expect(weak.message).toContain('almeno 3 elementi');
    const mismatch = participantForm('a@example.it', token('a'), { confirmPassword: 'Sportello#2027' });
    expect(await codeOf(registerParticipant(mismatch, ctx, deps))).toBe('PASSWORD_POLICY');

    deps.config.setGlobal(timetable(NOW + HOUR)); // registration opens in an hour
    const early = await registerParticipant(participantForm('a@example.it', token('f')), ctx, deps).catch((e) => e);
    expect(early.code).toBe('PHASE_CLOSED');
    expect(early.details).toEqual({ phase: 'BEFORE_REGISTRATION' });

    deps.config.setGlobal(timetable(NOW - HOUR));
    expect(await codeOf(registerParticipant(participantForm('a@example.it', token('f')), ctx, deps))).toBe(
      'TOKEN_UNKNOWN',
    );
    // NCD: Lazio × 2 requests 30 000 € in total (three applications) and gets an allocation of 40 000 €.
    deps.config.allocationRows = [{ region: 'Lazio', axis: '2', allocationCents: 40_000_00 }];
    expect(await codeOf(registerParticipant(participantForm('a@example.it', token('a')), ctx, deps))).toBe('NCD');
    deps.config.allocationRows = [{ region: 'Lazio', axis: '2', allocationCents: 29_999_99 }];
    expect(await registerParticipant(participantForm('a@example.it', token('a')), ctx, deps)).toEqual({
      next: 'CONFIRM_EMAIL',
    });
  });

  it('uses the most specific timetable of the application (R2b)', async () => {
    const deps = world();
    deps.applications.add(application(token('d'), { region: 'Sicilia', axis: '1.1' }));
    await deps.config.setTimetable({ region: 'Sicilia' }, timetable(NOW + HOUR));
    expect(await codeOf(registerParticipant(participantForm('s@example.it', token('d')), ctx, deps))).toBe(
      'PHASE_CLOSED',
    );
    await expect(registerParticipant(participantForm('l@example.it', token('a')), ctx, deps)).resolves.toBeTruthy();
  });

  it('given 20 simultaneous registrations on one token, exactly one wins and the others get TOKEN_TAKEN', async () => {
    const deps = world();
    const attempts = Array.from({ length: 20 }, (_, i) =>
      registerParticipant(participantForm(`p${i}@example.it`, token('b')), ctx, deps).then(
        () => 'OK',
        (e) => e.code,
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'TOKEN_TAKEN')).toHaveLength(19);
    // The losers left no claim behind: exactly one e-mail claim exists.
    const accountClaims = [...deps.claims.items.keys()].filter((k) => k.startsWith('ACCOUNT#'));
    expect(accountClaims).toHaveLength(1);
  });

  it('given simultaneous registrations of one e-mail on different tokens, one wins and the others get EMAIL_TAKEN', async () => {
    const deps = world();
    const outcomes = await Promise.all(
      [token('a'), token('b'), token('c')].map((t) =>
        registerParticipant(participantForm('same@example.it', t), ctx, deps).then(
          () => 'OK',
          (e) => e.code,
        ),
      ),
    );
    expect(outcomes.sort()).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN', 'OK']);
    const heldTokens = [...deps.claims.items.keys()].filter((k) => k.startsWith('TOKEN#'));
    expect(heldTokens).toHaveLength(1);
  });

  it('given a confirmed participant, a second registration with the same e-mail gets EMAIL_TAKEN', async () => {
    const deps = world();
    await registerParticipant(participantForm('m@example.it', token('a')), ctx, deps);
    await confirmRegistration(
      'participant',
      { email: 'm@example.it', code: deps.identity.lastCode('m@example.it') },
      ctx,
      deps,
    );
    expect(await codeOf(registerParticipant(participantForm('M@example.it', token('b')), ctx, deps))).toBe(
      'EMAIL_TAKEN',
    );
    expect(deps.claims.items.get(claimKeys.token(token('a')))).toBeDefined();
  });

  it('given a pending registration, another one with the same e-mail gets EMAIL_TAKEN pointing to the code', async () => {
    const deps = world();
    await registerParticipant(participantForm('p@example.it', token('a')), ctx, deps);
    const again = await registerParticipant(participantForm('P@example.it', token('b')), ctx, deps).catch((e) => e);
    expect(again.code).toBe('EMAIL_TAKEN');
    expect(again.message).toContain('Invia un nuovo codice');
    // The first registration is intact and can still be confirmed.
    const code = deps.identity.lastCode('p@example.it');
    await expect(confirmRegistration('participant', { email: 'p@example.it', code }, ctx, deps)).resolves.toEqual({
      next: 'LOGIN',
    });
  });

  it('given an unconfirmed registration, after 24 hours its token is free and the sweeper deletes the account', async () => {
    const deps = world();
    await registerParticipant(participantForm('late@example.it', token('a')), ctx, deps);
    expect(await codeOf(registerParticipant(participantForm('x@example.it', token('a')), ctx, deps))).toBe(
      'TOKEN_TAKEN',
    );
    deps.clock.advance(24 * HOUR + 1);
    deps.config.setGlobal(timetable(deps.clock.ms - HOUR));
    expect(await sweepUnconfirmed(deps)).toBe(1);
    expect(deps.identity.users.participant.has('late@example.it')).toBe(false);
    await expect(registerParticipant(participantForm('x@example.it', token('a')), ctx, deps)).resolves.toEqual({
      next: 'CONFIRM_EMAIL',
    });
    // The lapsed registration can no longer be confirmed.
    const stale = confirmRegistration('participant', { email: 'late@example.it', code: '123456' }, ctx, deps);
    expect(await codeOf(stale)).toBe('BAD_CREDENTIALS');
  });

  it('given a wrong code, confirmation is refused and nothing is bound; resend sends a new one', async () => {
    const deps = world();
    await registerParticipant(participantForm('w@example.it', token('c')), ctx, deps);
    const first = deps.identity.lastCode('w@example.it');
    const wrong = first === '000000' ? '111111' : '000000';
    expect(await codeOf(confirmRegistration('participant', { email: 'w@example.it', code: wrong }, ctx, deps))).toBe(
      'BAD_CREDENTIALS',
    );
    // No enumeration: an address nobody registered gets the same (empty) answer and no code.
    await expect(
      resendConfirmationCode('participant', { email: 'nobody@example.it' }, ctx, deps),
    ).resolves.toBeUndefined();
    expect(deps.identity.sent.some((m) => m.to === 'nobody@example.it')).toBe(false);
    await resendConfirmationCode('participant', { email: 'w@example.it' }, ctx, deps);
    const second = deps.identity.lastCode('w@example.it');
    expect(second).not.toBe(first);
    await confirmRegistration('participant', { email: 'w@example.it', code: second }, ctx, deps);
    expect(deps.applications.items.get(token('c'))?.participant?.email).toBe('w@example.it');
  });

  it('a wrong code is answered identically for an unknown, pending, lapsed or confirmed address', async () => {
    const deps = world();
    await registerParticipant(participantForm('pending@example.it', token('a')), ctx, deps);
    await registeredParticipant(deps, 'confirmed@example.it', token('b'));
    await registerParticipant(participantForm('lapsed@example.it', token('c')), ctx, deps);
    const answer = async (email: string) => {
      const e = await confirmRegistration('participant', { email, code: '000000' }, ctx, deps).catch((x) => x);
      return [e.code, e.message, e.details];
    };
    const unknown = await answer('nobody@example.it');
    expect(unknown[0]).toBe('BAD_CREDENTIALS');
    expect(await answer('pending@example.it')).toEqual(unknown);
    expect(await answer('confirmed@example.it')).toEqual(unknown);
    deps.clock.advance(24 * HOUR + 1);
    deps.config.setGlobal(timetable(deps.clock.ms - HOUR));
    expect(await answer('lapsed@example.it')).toEqual(unknown);
    // A confirmed account's own code, given again, changes nothing and says nothing more.
    expect(await answer('confirmed@example.it')).toEqual(unknown);
  });

  it('five wrong codes spend the code: the right one is refused until a new code is sent', async () => {
    const deps = world();
    await registerParticipant(participantForm('five@example.it', token('a')), ctx, deps);
    const right = deps.identity.lastCode('five@example.it');
    const wrong = right === '000000' ? '111111' : '000000';
    const tries: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await confirmRegistration('participant', { email: 'five@example.it', code: wrong }, ctx, deps).catch(
        (x) => x,
      );
      tries.push(e.message);
    }
    expect(tries[4]).toContain('annullato dopo 5 tentativi errati');
    const sixth = confirmRegistration('participant', { email: 'five@example.it', code: right }, ctx, deps);
    expect(await codeOf(sixth)).toBe('BAD_CREDENTIALS');
    expect(deps.identity.users.participant.get('five@example.it')?.confirmed).toBe(false);
    await resendConfirmationCode('participant', { email: 'five@example.it' }, ctx, deps);
    const code = deps.identity.lastCode('five@example.it');
    await expect(confirmRegistration('participant', { email: 'five@example.it', code }, ctx, deps)).resolves.toEqual({
      next: 'LOGIN',
    });
  });

  it('caps e-mail codes per account and source, with RATE_LIMITED and a retry-after', async () => {
    const deps = world();
    await registerParticipant(participantForm('r@example.it', token('a')), ctx, deps);
    for (let i = 1; i < EMAIL_CODES_PER_ACCOUNT; i++) {
      await resendConfirmationCode('participant', { email: 'r@example.it' }, ctx, deps);
    }
    const refused = await resendConfirmationCode('participant', { email: 'r@example.it' }, ctx, deps).catch((e) => e);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // Another network is not affected (an applicant is not locked out by a rival's requests).
    await expect(
      resendConfirmationCode('participant', { email: 'r@example.it' }, { sourceIp: '192.0.2.44' }, deps),
    ).resolves.toBeUndefined();
  });
});

describe('administrator registration (R5)', () => {
  const form = (pec: string) => ({ pec, password: PASSWORD, confirmPassword: PASSWORD, firstName: 'L', lastName: 'B' });

  it('accepts a PEC that is the primary PEC of an application, then refuses it again with PEC_TAKEN', async () => {
    const deps = world();
    await expect(registerAdmin(form(PEC.toUpperCase()), ctx, deps)).resolves.toEqual({ next: 'CONFIRM_EMAIL' });
    await confirmRegistration('admin', { email: PEC, code: deps.identity.lastCode(PEC) }, ctx, deps);
    expect(await codeOf(registerAdmin(form(PEC), ctx, deps))).toBe('PEC_TAKEN');
  });

  it('refuses an unknown PEC with PEC_UNKNOWN, but PHASE_CLOSED first outside the window', async () => {
    const deps = world();
    expect(await codeOf(registerAdmin(form('nessuno@pec.it'), ctx, deps))).toBe('PEC_UNKNOWN');
    deps.config.setGlobal(timetable(NOW - 10 * HOUR));
    expect(await codeOf(registerAdmin(form('nessuno@pec.it'), ctx, deps))).toBe('PHASE_CLOSED');
  });
});
