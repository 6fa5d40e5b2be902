/**
 * The window draw applied by the lists (`computeLists` with the draw made from the rules, the revealed seed and the
 * sealed root): the window's sends first by draw key (keys recomputed here with node:crypto), `decided_by` `draw`,
 * then the later sends chronologically with the edition's criteria; annulled rows in the order they would have had;
 * the window of each application's own counter; a wrong seed refused in Italian; another root, another order.
 */
import { createHash } from 'node:crypto';
import { computeLists, listRows, type RankingInput } from '#domain/lists/ranking';
import type { Application, Send } from '#domain/lists/records';
import { compareBytes, DrawError, seedCommitment } from '#domain/transparency/draw';
import type { RulesEntry } from '#domain/transparency/entries';
import { listsDraw, revealedDraw, seedFileText } from '#domain/transparency/window-draw-order';
import { application, tok } from '../lists/builders.ts';

const SEED = new Uint8Array(32).fill(5);
const SEED_HEX = Buffer.from(SEED).toString('hex');
const ROOT = new Uint8Array(createHash('sha256').update('sealed').digest());
const M5 = Date.parse('2026-10-26T08:00:00.000Z');
const LAZIO_M5 = M5 + 3_600_000;
const window = (region: string, opens: number) => ({
  region,
  axis: '*',
  opensAt: new Date(opens).toISOString(),
  closesAt: new Date(opens + 1_800_000).toISOString(),
});
const rules: RulesEntry = {
  kind: 'rules',
  origin: 'sportello.example/log/isi2024',
  edition: 'isi2024',
  resolution: 'ms',
  tieBreak: ['registered_at', 'requested_eur', 'project_eur', 'cciaa_date', 'legality_rating', 'token'],
  allocation: { mode: 'window-draw', windowSeconds: 60, seedSha256: seedCommitment(SEED) },
  counters: [window('*', M5), window('lazio', LAZIO_M5)],
  applicationsSha256: 'a'.repeat(64),
  allocationsSha256: 'b'.repeat(64),
};

/** The draw key, from the documented bytes: SHA-256(seed ‖ root ‖ token as ASCII). */
const key = (token: string, root = ROOT) =>
  new Uint8Array(createHash('sha256').update(SEED).update(root).update(Buffer.from(token, 'ascii')).digest());
const byKey =
  (root = ROOT) =>
  (a: string, b: string) =>
    compareBytes(key(a, root), key(b, root));

const app = (n: number, more: Partial<Application> = {}) => application({ token: tok(n), region: 'Sicilia', ...more });
const send = (a: Application, arrivalMs: number): Send => ({ token: a.token, arrivalMs, line: 0 });

function drawn(input: Partial<RankingInput>, root = ROOT, over: RulesEntry = rules) {
  const outcome = computeLists(
    { applications: [], sends: [], allocations: [], annulments: [], ...input },
    { edition: 'isi2024', resolution: 'ms', draw: listsDraw(over, revealedDraw(over, SEED_HEX, root)) },
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.lists.lists.map(listRows);
}

describe('the lists under a window draw', () => {
  // 8 sends in the first minute (tied), 4 after it, arriving in reverse token order; the funds cover 10.
  const applications = Array.from({ length: 12 }, (_, i) => app(i + 1));
  const sends = applications.map((a, i) => send(a, i < 8 ? M5 + 10 + i : M5 + 60_000 + (12 - i)));
  const allocations = [{ region: 'Sicilia' as const, axis: '1.1' as const, allocationCents: 100_000, line: 2 }];

  it('given sends inside and after the window then the window comes first by draw key, then the rest by arrival', () => {
    const [rows] = drawn({ applications, sends, allocations });
    const window = rows!.slice(0, 8);
    expect(window.map((r) => r.application.token)).toEqual(
      applications
        .slice(0, 8)
        .map((a) => a.token)
        .sort(byKey()),
    );
    expect(window.map((r) => r.decidedBy)).toEqual([null, ...Array(7).fill('draw')]);
    const after = rows!.slice(8);
    expect(after.map((r) => r.arrivalMs)).toEqual([M5 + 60_001, M5 + 60_002, M5 + 60_003, M5 + 60_004]);
    expect(after.every((r) => r.decidedBy === null)).toBe(true);
    expect(rows!.map((r) => r.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rows!.map((r) => r.status)).toEqual([...Array(10).fill('UTILE'), 'CARENZA_FONDI', 'CARENZA_FONDI']);
  });

  it('given M5 + W itself then the send is after the window; ties after it go by the criteria', () => {
    const [a, b, c] = [app(1), app(2, { registeredAtMs: 1 }), app(3, { registeredAtMs: 0 })];
    const [rows] = drawn({
      applications: [a, b, c],
      sends: [send(a, M5 + 59_999), send(b, M5 + 60_000), send(c, M5 + 60_000)],
      allocations: [{ ...allocations[0]!, allocationCents: 15_000 }], // over-subscribed: a click-day list
    });
    expect(rows!.map((r) => [r.application.token, r.decidedBy])).toEqual([
      [a.token, null],
      [c.token, null],
      [b.token, 'registered_at'],
    ]);
  });

  it('given the same inputs in another order then the lists are the same; another sealed root changes the draw', () => {
    const [once] = drawn({ applications, sends, allocations });
    const [again] = drawn({ applications: [...applications].reverse(), sends: [...sends].reverse(), allocations });
    expect(again!.map((r) => r.application.token)).toEqual(once!.map((r) => r.application.token));
    const other = new Uint8Array(ROOT).map((x, i) => (i === 0 ? x ^ 1 : x));
    const [moved] = drawn({ applications, sends, allocations }, other);
    expect(moved!.slice(0, 8).map((r) => r.application.token)).toEqual(
      applications
        .slice(0, 8)
        .map((a) => a.token)
        .sort(byKey(other)),
    );
    expect(moved!.slice(0, 8).map((r) => r.application.token)).not.toEqual(
      once!.slice(0, 8).map((r) => r.application.token),
    );
  });

  it('given annulled applications then they follow the ranked ones in the order the draw would have given them', () => {
    const annulments = applications.slice(0, 8).map((a) => ({
      token: a.token,
      reason: 'Sessioni concorrenti',
      annulledAt: '2026-10-27T10:00:00Z',
      annulledAtMs: 0,
      line: 2,
    }));
    const [rows] = drawn({ applications, sends, allocations, annulments: [annulments[0]!, annulments[5]!] });
    const annulled = rows!.filter((r) => r.status === 'ANNULLATA').map((r) => r.application.token);
    expect(annulled).toEqual([applications[0]!.token, applications[5]!.token].sort(byKey()));
    expect(rows!.slice(-2).map((r) => r.position)).toEqual([null, null]);
  });

  it("given a region with its own counter then each send is judged by its own counter's window", () => {
    const lazio = [app(101, { region: 'Lazio' }), app(102, { region: 'Lazio' })];
    const [low, high] = compareBytes(key(lazio[0]!.token), key(lazio[1]!.token)) < 0 ? lazio : [lazio[1]!, lazio[0]!];
    // Both arrive in Lazio's window, an hour after the global M5, the higher draw key first: the draw decides.
    const input = {
      applications: lazio,
      sends: [send(high!, LAZIO_M5 + 10), send(low!, LAZIO_M5 + 20)],
      allocations: [{ region: 'Lazio' as const, axis: '1.1' as const, allocationCents: 15_000, line: 2 }],
    };
    expect(drawn(input)[0]!.map((r) => r.application.token)).toEqual([low!.token, high!.token]);
    // Under the global window alone they would be late, ordered by arrival.
    const global = { ...rules, counters: [rules.counters[0]!] };
    expect(drawn(input, ROOT, global)[0]!.map((r) => r.application.token)).toEqual([high!.token, low!.token]);
  });
});

describe('the revealed seed', () => {
  it('given the committed seed then the draw is made; its file is the hex and a newline', () => {
    expect(revealedDraw(rules, SEED_HEX, ROOT).windowSeconds).toBe(60);
    expect(seedFileText(SEED)).toBe(`${'05'.repeat(32)}\n`);
  });

  it('given another seed, a malformed one or a chronological edition then it is refused in Italian', () => {
    expect(() => revealedDraw(rules, '06'.repeat(32), ROOT)).toThrow(
      new DrawError(
        `il seme non è quello impegnato nella voce 0 del registro: il suo SHA-256 è ${seedCommitment(new Uint8Array(32).fill(6))}, l'impegno (seed-sha256) è ${seedCommitment(SEED)}`,
      ),
    );
    for (const bad of ['zz', 'AB'.repeat(32), `${SEED_HEX}\n`, SEED_HEX.slice(2)]) {
      expect(() => revealedDraw(rules, bad, ROOT)).toThrow(/64 cifre esadecimali minuscole/);
    }
    expect(() => revealedDraw({ ...rules, allocation: { mode: 'chronological' } }, SEED_HEX, ROOT)).toThrow(
      /non assegna per sorteggio \(allocation chronological\)/,
    );
  });
});
