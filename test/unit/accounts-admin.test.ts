import { listCompanies, resetCompany } from '#domain/accounts/companies';
import { registerParticipant } from '../support/routes.ts';
import { requireCurrentSession } from '#domain/accounts/session';
import { claimKeys } from '#domain/accounts/claims';
import {
  application,
  codeOf,
  ctx,
  HOUR,
  NOW,
  PEC,
  PHONE,
  participantForm,
  timetable,
  token,
  world,
} from './accounts-fixtures.ts';
import { enrol, registeredAdmin, registeredParticipant } from './accounts-flows.ts';

async function setUp() {
  const deps = world();
  deps.applications.add(application(token('e'), { pec: 'altra@pec.it', companyName: 'Altra Srl' }));
  await registeredAdmin(deps, PEC);
  await enrol(deps, 'admin', PEC, '+393339999999');
  await registeredParticipant(deps, 'p@example.it', token('a'));
  await enrol(deps, 'participant', 'p@example.it', PHONE);
  const adminSession = [...deps.sessions.items.entries()].find(([k]) => k.startsWith('admin#'))?.[1];
  const adminSub = deps.identity.users.admin.get(PEC)?.sub as string;
  const caller = {
    portal: 'admin' as const,
    sub: adminSub,
    sessionId: adminSession?.sessionId as string,
    tokenId: 'x',
  };
  return { deps, caller };
}

describe('administrator portal (R12)', () => {
  it("lists exactly the applications of the caller's PEC, with the participant e-mail or null", async () => {
    const { deps, caller } = await setUp();
    const companies = await listCompanies(caller, deps);
    expect(companies.map((c) => c.token).sort()).toEqual([token('a'), token('b'), token('c')]);
    expect(companies.find((c) => c.token === token('a'))).toEqual({
      companyName: 'Impresa aaaa',
      token: token('a'),
      participantEmail: 'p@example.it',
      participantStatus: 'REGISTERED',
      sent: false,
      canReset: true,
      arrivalTime: null,
      receiptId: null,
      listing: null,
    });
    expect(companies.find((c) => c.token === token('b'))?.participantEmail).toBeNull();
    const sent = deps.applications.items.get(token('b'));
    if (sent) Object.assign(sent, { sentAt: '2026-10-20T09:00:00.123Z', receiptId: 'r-1' });
    expect((await listCompanies(caller, deps)).find((c) => c.token === token('b'))).toMatchObject({
      sent: true,
      arrivalTime: '2026-10-20T09:00:00.123Z',
      receiptId: 'r-1',
      canReset: false,
    });
  });

  it('refuses in the order FORBIDDEN → ALREADY_SENT → NO_PARTICIPANT → PHASE_CLOSED', async () => {
    const { deps, caller } = await setUp();
    expect(await codeOf(resetCompany(caller, token('e'), ctx, deps))).toBe('FORBIDDEN');
    expect(await codeOf(resetCompany(caller, token('9'), ctx, deps))).toBe('FORBIDDEN'); // unknown token
    expect(await codeOf(resetCompany(caller, 'not-a-token', ctx, deps))).toBe('FORBIDDEN');
    deps.config.setGlobal(timetable(NOW - 10 * HOUR)); // registration closed
    expect(await codeOf(resetCompany(caller, token('b'), ctx, deps))).toBe('NO_PARTICIPANT');
    expect(await codeOf(resetCompany(caller, token('a'), ctx, deps))).toBe('PHASE_CLOSED');
    const sent = deps.applications.items.get(token('b'));
    if (sent) sent.sentAt = new Date(NOW).toISOString();
    expect(await codeOf(resetCompany(caller, token('b'), ctx, deps))).toBe('ALREADY_SENT');
  });

  it('reset deletes the participant, ends its session, frees its claims and notifies both addresses', async () => {
    const { deps, caller } = await setUp();
    const participantSub = deps.identity.users.participant.get('p@example.it')?.sub as string;
    const jti = deps.sessions.items.get(`participant#${participantSub}`)?.tokenIds[0] as string;
    await expect(resetCompany(caller, token('a'), ctx, deps)).resolves.toEqual({
      token: token('a'),
      participantEmail: null,
    });
    expect(deps.identity.users.participant.has('p@example.it')).toBe(false);
    const told = await requireCurrentSession('participant', participantSub, jti, deps).catch((e) => e);
    expect([told.code, told.details]).toEqual(['UNAUTHENTICATED', { reason: 'TOKEN_RESET' }]);
    for (const key of [
      claimKeys.token(token('a')),
      claimKeys.account('participant', 'p@example.it'),
      claimKeys.phone('participant', PHONE),
    ]) {
      expect(deps.claims.items.has(key)).toBe(false);
    }
    expect(deps.notifier.notices.map((n) => n.to).sort()).toEqual([PEC, 'p@example.it'].sort());
    expect(deps.audit.kinds()).toContain('RESET');
    // A new participant can register with the same token.
    await registerParticipant(participantForm('nuovo@example.it', token('a')), ctx, deps);
    expect(deps.claims.items.get(claimKeys.token(token('a')))?.expiresAt).toBeDefined();
  });
});
