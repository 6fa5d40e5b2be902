import { DynamoApplications } from '#adapters/dynamodb/applications';
import { application, newToken } from '../support/applications.ts';
import { createTestTables, type TestTables } from './helpers/tables.ts';

let t: TestTables;
let applications: DynamoApplications;
const participant = (sub: string) => ({ sub, email: `${sub}@Example.it`, boundAt: '2026-10-01T10:00:00.000Z' });

beforeAll(async () => {
  t = await createTestTables('apps');
  applications = new DynamoApplications(t.clients.documents, t.names.applications);
});
afterAll(() => t?.drop());

describe('applications', () => {
  test('imported applications read back field for field, PEC lower-cased, findable by PEC in any case', async () => {
    const pec = `Impresa.${Date.now()}@PEC.example.it`;
    const a = application({ pec, region: "Valle d'Aosta", axis: '5.1' });
    const b = application({ pec, legalityRating: false, workers: 0 });
    expect(await applications.importMany([a, b])).toEqual({ written: 2, refused: [] });

    expect(await applications.get(a.token)).toEqual({ ...a, pec: pec.toLowerCase() });
    const byPec = await applications.listByPec(pec.toUpperCase());
    expect(byPec.map((x) => x.token).sort()).toEqual([a.token, b.token].sort());
    expect(await applications.get(newToken())).toBeUndefined();
  });

  test('binding: only if unbound (or the same participant), never when sent or annulled', async () => {
    const app = application();
    await applications.importMany([app]);
    expect(await applications.bindParticipant(app.token, participant('p1'))).toBe('bound');
    expect(await applications.bindParticipant(app.token, participant('p1'))).toBe('bound');
    expect(await applications.bindParticipant(app.token, participant('p2'))).toBe('taken');
    expect((await applications.get(app.token))?.participant).toEqual({
      sub: 'p1',
      email: 'p1@example.it',
      boundAt: '2026-10-01T10:00:00.000Z',
    });
    expect(await applications.bindParticipant(newToken(), participant('p1'))).toBe('unknown');

    const annulled = application();
    await applications.importMany([annulled]);
    expect(await applications.annul(annulled.token, 'dati non veritieri', '2026-10-02T10:00:00.000Z')).toBe('annulled');
    expect(await applications.annul(annulled.token, 'di nuovo', '2026-10-03T10:00:00.000Z')).toBe('already-annulled');
    expect(await applications.bindParticipant(annulled.token, participant('p3'))).toBe('annulled');
    expect((await applications.get(annulled.token))?.annulment).toEqual({
      reason: 'dati non veritieri',
      annulledAt: '2026-10-02T10:00:00.000Z',
    });
  });

  test('given 30 participants racing to bind one token, exactly one is bound', async () => {
    const app = application();
    await applications.importMany([app]);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => applications.bindParticipant(app.token, participant(`racer-${i}`))),
    );
    expect(outcomes.filter((o) => o === 'bound')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(29);
  });

  test('reset (unbind): frees the token unless sent; with a sub, only that participant’s binding', async () => {
    const app = application();
    await applications.importMany([app]);
    expect(await applications.unbindParticipant(app.token)).toBe('not-bound');
    await applications.bindParticipant(app.token, participant('p1'));
    expect(await applications.unbindParticipant(app.token, 'p2')).toBe('not-bound');
    expect(await applications.unbindParticipant(app.token, 'p1')).toBe('unbound');
    expect((await applications.get(app.token))?.participant).toBeUndefined();
    expect(await applications.bindParticipant(app.token, participant('p2'))).toBe('bound');
    expect(await applications.unbindParticipant(newToken())).toBe('unknown');
  });

  test('re-import updates an unbound application but refuses a bound one, leaving it untouched', async () => {
    const free = application();
    const bound = application();
    await applications.importMany([free, bound]);
    await applications.bindParticipant(bound.token, participant('p9'));

    const result = await applications.importMany([
      { ...free, requestedCents: 1 },
      { ...bound, requestedCents: 2 },
    ]);

    expect(result).toEqual({ written: 1, refused: [bound.token] });
    expect((await applications.get(free.token))?.requestedCents).toBe(1);
    expect(await applications.get(bound.token)).toMatchObject({
      requestedCents: bound.requestedCents,
      participant: { sub: 'p9' },
    });
  });

  test('listAll returns every application in token order', async () => {
    const all = await applications.listAll();
    const tokens = all.map((a) => a.token);
    expect(tokens.length).toBeGreaterThanOrEqual(8);
    expect([...tokens].sort()).toEqual(tokens);
  });
});
