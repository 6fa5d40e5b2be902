/**
 * Window draw: the commitment, the exact bytes of the draw key (recomputed here with node:crypto from the documented
 * encoding, not through the module), the checks against the rules entry, and the window's end. The order the lists
 * take from it is tested in window-draw-order.test.ts.
 */
import { createHash } from 'node:crypto';
import {
  compareBytes,
  drawFromRules,
  drawKey,
  parseSeed,
  seedCommitment,
  seedMatches,
  windowEndMs,
} from '#domain/transparency/draw';
import type { RulesEntry } from '#domain/transparency/entries';
import { fromHex, hex } from './naive-merkle.ts';

const SEED = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const ROOT = fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
const BEACON = new Uint8Array(32).fill(0xbe);
const token = (i: number) => `${i % 2 ? '-' : '+'}${createHash('sha256').update(`t${i}`).digest('hex')}`;

const rules = (allocation: RulesEntry['allocation']): RulesEntry => ({
  kind: 'rules',
  origin: 'sportello.example/log/isi2024',
  edition: 'isi2024',
  resolution: 'ms',
  tieBreak: ['registered_at', 'token'],
  allocation,
  counters: [{ region: '*', axis: '*', opensAt: '2025-05-13T08:00:00.000Z', closesAt: '2025-05-13T08:30:00.000Z' }],
  applicationsSha256: 'a'.repeat(64),
  allocationsSha256: 'b'.repeat(64),
});

describe('seed and key', () => {
  it('given a seed then the commitment is SHA-256 of its 32 raw bytes, in lower-case hex', () => {
    expect(seedCommitment(new Uint8Array(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
    expect(seedCommitment(SEED)).toBe(createHash('sha256').update(SEED).digest('hex'));
    expect(seedMatches(SEED, seedCommitment(SEED))).toBe(true);
    expect(seedMatches(SEED, seedCommitment(SEED).toUpperCase())).toBe(false);
    expect(() => seedCommitment(new Uint8Array(31))).toThrow('32 bytes');
  });

  it('given the revealed hex then only 64 lower-case hex digits are a seed', () => {
    expect(parseSeed(hex(SEED))).toEqual(SEED);
    for (const bad of [hex(SEED).toUpperCase(), hex(SEED).slice(2), `${hex(SEED)}00`, 'zz'.repeat(32)]) {
      expect(() => parseSeed(bad)).toThrow('64 lower-case hex');
    }
  });

  it('given seed, sealed root and token then the key is SHA-256(seed ‖ root ‖ token bytes), and the beacon sits before the token', () => {
    const t = token(1);
    expect(hex(drawKey(SEED, ROOT, t))).toBe(
      createHash('sha256').update(SEED).update(ROOT).update(Buffer.from(t, 'ascii')).digest('hex'),
    );
    expect(hex(drawKey(SEED, ROOT, t, BEACON))).toBe(
      createHash('sha256').update(SEED).update(ROOT).update(BEACON).update(Buffer.from(t, 'ascii')).digest('hex'),
    );
    expect(() => drawKey(SEED, ROOT.subarray(1), t)).toThrow('sealed root');
    expect(() => drawKey(SEED, ROOT, t, BEACON.subarray(1))).toThrow('beacon');
    expect(() => drawKey(SEED, ROOT, t.toUpperCase())).toThrow('not a token');
  });

  it('given byte strings then compareBytes is unsigned lexicographic order', () => {
    expect(compareBytes(new Uint8Array([0x7f]), new Uint8Array([0x80]))).toBeLessThan(0);
    expect(compareBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBeLessThan(0);
    expect(compareBytes(new Uint8Array([3]), new Uint8Array([3]))).toBe(0);
  });
});

describe('the draw against the rules entry', () => {
  const commitment = seedCommitment(SEED);

  it('given the committed seed then the draw carries the window; another seed, a missing or unexpected beacon are refused', () => {
    expect(
      drawFromRules(rules({ mode: 'window-draw', windowSeconds: 60, seedSha256: commitment }), SEED, ROOT)
        .windowSeconds,
    ).toBe(60);
    const other = new Uint8Array(SEED).fill(1, 0, 1);
    expect(() =>
      drawFromRules(rules({ mode: 'window-draw', windowSeconds: 60, seedSha256: commitment }), other, ROOT),
    ).toThrow('does not match');
    const withBeacon = rules({
      mode: 'window-draw',
      windowSeconds: 60,
      seedSha256: commitment,
      beacon: 'drand/quicknet/1',
    });
    expect(() => drawFromRules(withBeacon, SEED, ROOT)).toThrow('needs beacon drand/quicknet/1');
    expect(drawFromRules(withBeacon, SEED, ROOT, BEACON).beacon).toEqual(BEACON);
    expect(() =>
      drawFromRules(rules({ mode: 'window-draw', windowSeconds: 60, seedSha256: commitment }), SEED, ROOT, BEACON),
    ).toThrow('name no beacon');
    expect(() => drawFromRules(rules({ mode: 'chronological' }), SEED, ROOT)).toThrow(
      'does not allocate by window draw',
    );
  });
});

describe('the window', () => {
  it('given M5 and W then the window ends W seconds after M5, exclusive', () => {
    expect(windowEndMs('2025-05-13T08:00:00.000Z', 60)).toBe(Date.parse('2025-05-13T08:01:00.000Z'));
  });
});
