/**
 * Token reset (R12) beyond the primary course: pending registrations, retry after a fault at every step, a send
 * racing the reset, and the evidence of a token's participant changing during [M4, M6) (R11, R19).
 */
import { confirmRegistration } from '../support/routes.ts';
import { listCompanies, resetCompany } from '#domain/accounts/companies';
import { registerParticipant } from '../support/routes.ts';
import { TOKEN_PARTICIPANT_CHANGE } from '#domain/accounts/token-reset';
import { claimKeys } from '#domain/accounts/claims';
import type { FakeDeps } from './accounts-fakes.ts';
import {
  codeOf,
  ctx,
  HOUR,
  NOW,
  otherSource,
  PEC,
  PHONE,
  participantForm,
  timetable,
  token,
  world,
} from './accounts-fixtures.ts';
import { enrol, registeredAdmin, registeredParticipant } from './accounts-flows.ts';

const adminSource = { sourceIp: '192.0.2.44' };

async function setUp(options: { participant?: 'registered' | 'pending' } = {}) {
  const deps = world();
  await registeredAdmin(deps, PEC);
  await enrol(deps, 'admin', PEC, '+393339999999');
  if (options.participant === 'pending') {
    await registerParticipant(participantForm('refuso@example.it', token('a')), ctx, deps);
  } else {
    await registeredParticipant(deps, 'p@example.it', token('a'));
    await enrol(deps, 'participant', 'p@example.it', PHONE, otherSource);
  }
  const adminSub = deps.identity.users.admin.get(PEC)?.sub as string;
  const caller = { portal: 'admin' as const, sub: adminSub, sessionId: 's', tokenId: 'x' };
  return { deps, caller };
}

/** Everything a reset changes, in a comparable form (notices and audit kinds as sets: they are at-least-once). */
function snapshot(deps: FakeDeps) {
  return {
    binding: deps.applications.items.get(token('a'))?.participant ?? null,
    participants: [...deps.identity.users.participant.keys()].sort(),
    sessions: [...deps.sessions.items.keys()].sort(),
    claims: [...deps.claims.items.keys()].sort(),
    registrations: [...deps.registrations.items.keys()].sort(),
    byToken: [...deps.registrations.byTokenItems.keys()].sort(),
    formers: Object.fromEntries(deps.registrations.formers),
    noticesTo: [...new Set(deps.notifier.notices.map((n) => n.to))].sort(),
    auditKinds: [...new Set(deps.audit.kinds())].sort(),
    evidence: deps.audit.evidence.length,
  };
}

type Port = 'applications' | 'registrations' | 'sessions' | 'identity' | 'notifier' | 'audit' | 'claims';

/** Makes the `call`-th call of one port method fail as a backing service would: before or after taking effect. */
function failOnce(deps: FakeDeps, port: Port, method: string, call: number, when: 'before' | 'after') {
  const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]?.bind(target);
  if (!original) throw new Error(`no ${port}.${method}`);
  let calls = 0;
  target[method] = async (...args: unknown[]) => {
    calls++;
    if (calls !== call) return original(...args);
    if (when === 'after') await original(...args);
    throw Object.assign(new Error(`${port}.${method} unavailable`), { code: 'UNAVAILABLE' });
  };
}

describe('a pending participant registration and the administrator', () => {
  it('is listed with its e-mail as PENDING and can be reset: account deleted, claims freed, both notified', async () => {
    const { deps, caller } = await setUp({ participant: 'pending' });
    const oldCode = deps.identity.lastCode('refuso@example.it');
    const listed = (await listCompanies(caller, deps)).find((c) => c.token === token('a'));
    expect(listed).toMatchObject({
      participantEmail: 'refuso@example.it',
      participantStatus: 'PENDING',
      canReset: true,
    });
    const other = (await listCompanies(caller, deps)).find((c) => c.token === token('b'));
    expect(other).toMatchObject({ participantEmail: null, participantStatus: null, canReset: false });

    await expect(resetCompany(caller, token('a'), adminSource, deps)).resolves.toEqual({
      token: token('a'),
      participantEmail: null,
    });
    expect(deps.identity.users.participant.has('refuso@example.it')).toBe(false);
    expect(deps.claims.items.has(claimKeys.token(token('a')))).toBe(false);
    expect(deps.claims.items.has(claimKeys.account('participant', 'refuso@example.it'))).toBe(false);
    expect(await deps.registrations.get('participant', 'refuso@example.it')).toBeUndefined();
    expect(deps.notifier.notices.map((n) => n.to).sort()).toEqual([PEC, 'refuso@example.it'].sort());
    expect(deps.notifier.notices[0]?.body).toContain('in attesa di conferma');
    expect((await listCompanies(caller, deps)).find((c) => c.token === token('a'))?.participantEmail).toBeNull();
    expect(await codeOf(resetCompany(caller, token('a'), adminSource, deps))).toBe('NO_PARTICIPANT');
    // The old code no longer confirms anything, and the right participant registers at once with the freed token.
    const late = { email: 'refuso@example.it', code: oldCode };
    expect(await codeOf(confirmRegistration('participant', late, ctx, deps))).toBe('BAD_CREDENTIALS');
    await registeredParticipant(deps, 'giusto@example.it', token('a'));
    expect(deps.applications.items.get(token('a'))?.participant?.email).toBe('giusto@example.it');
  });

  it('is not listed once its 24 hours have lapsed', async () => {
    const { deps, caller } = await setUp({ participant: 'pending' });
    deps.clock.advance(25 * HOUR);
    deps.config.setGlobal(timetable(deps.clock.ms - HOUR));
    const listed = (await listCompanies(caller, deps)).find((c) => c.token === token('a'));
    expect(listed).toMatchObject({ participantEmail: null, participantStatus: null });
    expect(await codeOf(resetCompany(caller, token('a'), adminSource, deps))).toBe('NO_PARTICIPANT');
  });
});

describe('reset retried after a fault', () => {
  const steps: Array<[Port, string, number]> = [
    ['applications', 'unbindParticipant', 1],
    ['registrations', 'formerParticipant', 1],
    ['sessions', 'current', 1],
    ['registrations', 'putFormerParticipant', 1],
    ['identity', 'deleteAccount', 1],
    ['sessions', 'close', 1],
    ['notifier', 'notify', 1],
    ['notifier', 'notify', 2],
    ['audit', 'append', 1],
    ['registrations', 'delete', 1],
    ['claims', 'release', 1],
    ['claims', 'release', 3], // the token claim, released after the e-mail and phone ones
    ['registrations', 'forgetToken', 1],
  ];

  async function uninterrupted() {
    const { deps, caller } = await setUp();
    await resetCompany(caller, token('a'), adminSource, deps);
    return snapshot(deps);
  }

  it.each(
    steps.flatMap(([port, method, call]) =>
      (['before', 'after'] as const).map((when) => [port, method, call, when] as const),
    ),
  )('a failure of %s.%s (call %i, %s it takes effect) is finished by the retry', async (port, method, call, when) => {
    const expected = await uninterrupted();
    const { deps, caller } = await setUp();
    failOnce(deps, port, method, call, when);
    expect(await codeOf(resetCompany(caller, token('a'), adminSource, deps))).toBe('UNAVAILABLE');
    const retry = await resetCompany(caller, token('a'), adminSource, deps).catch((e: { code?: string }) => e.code);
    if (port === 'registrations' && method === 'forgetToken' && when === 'after') {
      // The fault came after the last write: the reset is complete, and a retry finds nobody left to reset.
      expect(retry).toBe('NO_PARTICIPANT');
    } else {
      expect(retry).toEqual({ token: token('a'), participantEmail: null });
    }
    expect(snapshot(deps)).toEqual(expected);
    // The token is free again.
    await registeredParticipant(deps, 'nuovo@example.it', token('a'));
    expect(deps.applications.items.get(token('a'))?.participant?.email).toBe('nuovo@example.it');
  });

  it('the interrupted reset stays visible to the administrator, who can finish it', async () => {
    const { deps, caller } = await setUp();
    failOnce(deps, 'identity', 'deleteAccount', 1, 'before');
    await codeOf(resetCompany(caller, token('a'), adminSource, deps));
    expect((await listCompanies(caller, deps)).find((c) => c.token === token('a'))).toMatchObject({
      participantEmail: 'p@example.it',
      canReset: true,
    });
  });
});

describe('a send racing the reset', () => {
  it('a send committed before the unbind wins: ALREADY_SENT and the sender keeps its account', async () => {
    const { deps, caller } = await setUp();
    const before = snapshot(deps);
    const unbind = deps.applications.unbindParticipant.bind(deps.applications);
    deps.applications.unbindParticipant = async (t: string, sub?: string) => {
      const app = deps.applications.items.get(t);
      if (app) app.sentAt = new Date(NOW).toISOString(); // the participant's send commits first
      return unbind(t, sub);
    };
    expect(await codeOf(resetCompany(caller, token('a'), adminSource, deps))).toBe('ALREADY_SENT');
    const after = snapshot(deps);
    expect(after).toEqual(before);
    expect(after.participants).toContain('p@example.it');
    expect(deps.notifier.notices).toHaveLength(0);
  });
});

describe('evidence when a token changes participant during [M4, M6) (R11 two accounts on one token)', () => {
  /** Registration kept open until M6, and the clock between M4 and M5. */
  function counterLive(deps: FakeDeps) {
    const t = timetable(NOW - 4.5 * HOUR);
    deps.config.setGlobal({ ...t, registrationCloses: t.moments.m6 });
  }

  it('records the reset and the new binding, naming both accounts, their times and addresses', async () => {
    const { deps, caller } = await setUp();
    const oldSub = deps.identity.users.participant.get('p@example.it')?.sub;
    counterLive(deps);
    await resetCompany(caller, token('a'), adminSource, deps);
    expect(deps.audit.evidence).toHaveLength(1);
    expect(deps.audit.evidence[0]).toMatchObject({
      kind: TOKEN_PARTICIPANT_CHANGE,
      subject: token('a'),
      at: new Date(NOW).toISOString(),
      data: {
        change: 'RESET',
        former: {
          email: 'p@example.it',
          sub: oldSub,
          boundAt: new Date(NOW).toISOString(),
          registeredFrom: ctx.sourceIp,
          lastSession: { sourceIp: otherSource.sourceIp },
          resetBy: PEC,
          resetFrom: adminSource.sourceIp,
        },
        administrator: { pec: PEC, sourceIp: adminSource.sourceIp },
      },
    });

    deps.clock.advance(10 * 60_000);
    const newcomer = { sourceIp: '198.51.100.77' };
    await registerParticipant(participantForm('nuovo@example.it', token('a')), newcomer, deps);
    await confirmRegistration(
      'participant',
      { email: 'nuovo@example.it', code: deps.identity.lastCode('nuovo@example.it') },
      newcomer,
      deps,
    );
    expect(deps.audit.evidence).toHaveLength(2);
    expect(deps.audit.evidence[1]).toMatchObject({
      kind: TOKEN_PARTICIPANT_CHANGE,
      subject: token('a'),
      data: {
        change: 'BINDING',
        former: { email: 'p@example.it', sub: oldSub, resetFrom: adminSource.sourceIp },
        current: {
          email: 'nuovo@example.it',
          sub: deps.identity.users.participant.get('nuovo@example.it')?.sub,
          boundAt: new Date(NOW + 10 * 60_000).toISOString(),
          registeredFrom: newcomer.sourceIp,
          confirmedFrom: newcomer.sourceIp,
        },
      },
    });
  });

  it('a binding in [M4, M6) after a reset made before M4 is still recorded', async () => {
    const { deps, caller } = await setUp();
    await resetCompany(caller, token('a'), adminSource, deps);
    expect(deps.audit.evidence).toHaveLength(0);
    await registerParticipant(participantForm('nuovo@example.it', token('a')), ctx, deps);
    counterLive(deps);
    await confirmRegistration(
      'participant',
      { email: 'nuovo@example.it', code: deps.identity.lastCode('nuovo@example.it') },
      ctx,
      deps,
    );
    expect(deps.audit.evidence.map((e) => (e.data as { change: string }).change)).toEqual(['BINDING']);
  });

  it('records nothing outside [M4, M6), nor for a pending registration or a first binding', async () => {
    const { deps, caller } = await setUp();
    await resetCompany(caller, token('a'), adminSource, deps);
    await registeredParticipant(deps, 'nuovo@example.it', token('a'));
    const pending = await setUp({ participant: 'pending' });
    counterLive(pending.deps);
    await resetCompany(pending.caller, token('a'), adminSource, pending.deps);
    await registeredParticipant(pending.deps, 'primo@example.it', token('b'));
    expect(deps.audit.evidence).toHaveLength(0);
    expect(pending.deps.audit.evidence).toHaveLength(0);
  });
});
