/**
 * The window-draw order (designed, not yet applied by the lists): sends in the window first by draw key, then the
 * others chronologically; reproducible from the revealed seed and the sealed root; a wrong seed is refused; another
 * root or seed gives another order; the window is per application's counter (M5 of its scope).
 */
import { createHash } from 'node:crypto';
import type { Application, Send } from '#domain/lists/records';
import { compareBytes, drawKey, DrawError, seedCommitment } from '#domain/transparency/draw';
import type { RulesEntry } from '#domain/transparency/entries';
import { revealSeed, windowDrawOrder, type DrawnSend } from '#domain/transparency/window-draw-order';

const SEED = new Uint8Array(32).fill(5);
const SEED_HEX = Buffer.from(SEED).toString('hex');
const ROOT = new Uint8Array(createHash('sha256').update('sealed').digest());
const M5 = Date.parse('2026-10-26T08:00:00.000Z');
const LAZIO_M5 = M5 + 3_600_000;
const rules: RulesEntry = {
  kind: 'rules',
  origin: 'sportello.example/log/isi2024',
  edition: 'isi2024',
  resolution: 'ms',
  tieBreak: ['registered_at', 'requested_eur', 'project_eur', 'cciaa_date', 'legality_rating', 'token'],
  allocation: { mode: 'window-draw', windowSeconds: 60, seedSha256: seedCommitment(SEED) },
  counters: [
    { region: '*', axis: '*', opensAt: new Date(M5).toISOString(), closesAt: new Date(M5 + 1_800_000).toISOString() },
    {
      region: 'lazio',
      axis: '*',
      opensAt: new Date(LAZIO_M5).toISOString(),
      closesAt: new Date(LAZIO_M5 + 1_800_000).toISOString(),
    },
  ],
  applicationsSha256: 'a'.repeat(64),
  allocationsSha256: 'b'.repeat(64),
};

const token = (n: number) => `+${n.toString(16).padStart(64, '0')}`;
const app = (n: number, region: Application['region'] = 'Sicilia') =>
  ({ token: token(n), region, axis: '2' }) as unknown as Application;
const chronological = (a: DrawnSend, b: DrawnSend) => a.arrivalMs - b.arrivalMs || (a.token < b.token ? -1 : 1);

describe('window-draw order', () => {
  const applications = Array.from({ length: 12 }, (_, i) => app(i + 1));
  const sends: Send[] = applications.map((a, i) => ({
    token: a.token,
    // 8 in the first minute (tied), 4 after it
    arrivalMs: i < 8 ? M5 + 10 + i : M5 + 60_000 + (12 - i),
    line: 0,
  }));

  it('puts the window first by draw key, then the later sends by arrival', () => {
    const draw = revealSeed(rules, SEED_HEX, ROOT);
    const order = windowDrawOrder(rules, draw, applications, sends, chronological).get('Sicilia|2')!;
    const inWindow = order.slice(0, 8).map((s) => s.token);
    const expected = sends
      .slice(0, 8)
      .map((s) => s.token)
      .sort((a, b) => compareBytes(drawKey(SEED, ROOT, a), drawKey(SEED, ROOT, b)));
    expect(inWindow).toEqual(expected);
    expect(order.slice(8).map((s) => s.arrivalMs)).toEqual(
      [...order.slice(8).map((s) => s.arrivalMs)].sort((a, b) => a - b),
    );
    expect(order.slice(8).every((s) => s.arrivalMs >= M5 + 60_000)).toBe(true);
  });

  it('is reproduced from the revealed seed and changes with another sealed root', () => {
    const a = windowDrawOrder(rules, revealSeed(rules, SEED_HEX, ROOT), applications, sends, chronological);
    const b = windowDrawOrder(
      rules,
      revealSeed(rules, SEED_HEX, ROOT),
      applications,
      [...sends].reverse(),
      chronological,
    );
    expect(b.get('Sicilia|2')!.map((s) => s.token)).toEqual(a.get('Sicilia|2')!.map((s) => s.token));
    const otherRoot = new Uint8Array(ROOT).map((x, i) => (i === 0 ? x ^ 1 : x));
    const c = windowDrawOrder(rules, revealSeed(rules, SEED_HEX, otherRoot), applications, sends, chronological);
    expect(c.get('Sicilia|2')!.map((s) => s.token)).not.toEqual(a.get('Sicilia|2')!.map((s) => s.token));
  });

  it('refuses a seed that is not the committed one', () => {
    expect(() => revealSeed(rules, '06'.repeat(32), ROOT)).toThrow(DrawError);
    expect(() => revealSeed(rules, 'zz', ROOT)).toThrow(/64 lower-case hex/);
    expect(() => revealSeed({ ...rules, allocation: { mode: 'chronological' } }, SEED_HEX, ROOT)).toThrow(
      /does not allocate by window draw/,
    );
  });

  it("uses the window of the application's own counter", () => {
    const lazio = [app(101, 'Lazio'), app(102, 'Lazio')];
    const key = (a: Application) => drawKey(SEED, ROOT, a.token);
    const [low, high] = compareBytes(key(lazio[0]!), key(lazio[1]!)) < 0 ? lazio : [lazio[1]!, lazio[0]!];
    // Both arrive in Lazio's window (an hour after the global M5), the higher draw key first: the draw decides.
    const lazioSends: Send[] = [
      { token: high!.token, arrivalMs: LAZIO_M5 + 10, line: 0 },
      { token: low!.token, arrivalMs: LAZIO_M5 + 20, line: 0 },
    ];
    const order = windowDrawOrder(rules, revealSeed(rules, SEED_HEX, ROOT), lazio, lazioSends, chronological);
    expect(order.get('Lazio|2')!.map((s) => s.token)).toEqual([low!.token, high!.token]);
    // Under the global window they would be late and ordered by arrival.
    const global = { ...rules, counters: [rules.counters[0]!] };
    const late = windowDrawOrder(global, revealSeed(global, SEED_HEX, ROOT), lazio, lazioSends, chronological);
    expect(late.get('Lazio|2')!.map((s) => s.token)).toEqual([high!.token, low!.token]);
  });
});
