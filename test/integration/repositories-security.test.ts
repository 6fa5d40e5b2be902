import { DynamoLockouts } from '#adapters/dynamodb/lockouts';
import { DynamoRateCounter } from '#adapters/dynamodb/rate-counter';
import { DynamoSessions } from '#adapters/dynamodb/sessions';
import type { LockoutState } from '#domain/accounts/lockout';
import type { SessionRecord } from '#domain/accounts/session';
import { createTestTables, type TestTables } from './helpers/tables.ts';

let t: TestTables;
let lockouts: DynamoLockouts;
let sessions: DynamoSessions;
let rates: DynamoRateCounter;

beforeAll(async () => {
  t = await createTestTables('sec');
  lockouts = new DynamoLockouts(t.clients.documents, t.names.security);
  sessions = new DynamoSessions(t.clients.documents, t.names.security);
  rates = new DynamoRateCounter(t.clients.documents, t.names.security);
});
afterAll(() => t?.drop());

// DynamoDB Local really deletes items whose TTL has passed: every expiry here lies in the future.
const expires = new Date(Date.now() + 86_400_000);
const state = (failures: number, lockedUntil: number | null = null): LockoutState => ({
  failures,
  lockouts: lockedUntil ? 1 : 0,
  lockedUntil,
  updatedAt: 1_790_000_000_000 + failures,
});

describe('security: lockout counters (R10) per account and source', () => {
  test('optimistic writes: 20 concurrent read-increment-write loops lose no failure', async () => {
    const account = 'Mario.Rossi@example.it';
    const source = '203.0.113.7';
    const countOne = async () => {
      for (;;) {
        const current = await lockouts.read('participant', account, source);
        const next = state((current?.value.failures ?? 0) + 1);
        if (await lockouts.write('participant', account, source, next, current?.version, expires)) return;
      }
    };
    await Promise.all(Array.from({ length: 20 }, countOne));
    const stored = await lockouts.read('participant', 'mario.rossi@example.it', source);
    expect(stored?.value.failures).toBe(20);
    expect(stored?.version).toBe(20);
  });

  test('a stale version is refused; each source is its own counter; clear resets every source of the account', async () => {
    const account = 'anna@example.it';
    expect(
      await lockouts.write('participant', account, '10.0.0.1', state(10, 1_790_000_060_000), undefined, expires),
    ).toBe(true);
    expect(await lockouts.write('participant', account, '10.0.0.1', state(1), undefined, expires)).toBe(false);
    expect(await lockouts.write('participant', account, '10.0.0.2', state(3), undefined, expires)).toBe(true);
    expect((await lockouts.read('participant', account, '10.0.0.1'))?.value).toEqual(state(10, 1_790_000_060_000));
    expect(await lockouts.read('admin', account, '10.0.0.1')).toBeUndefined();

    await lockouts.clear('participant', account);
    expect(await lockouts.read('participant', account, '10.0.0.1')).toBeUndefined();
    expect(await lockouts.read('participant', account, '10.0.0.2')).toBeUndefined();
  });
});

describe('security: current session (R11)', () => {
  const session = (id: string, ip = '198.51.100.1'): SessionRecord => ({
    sessionId: id,
    startedAt: '2026-10-26T08:00:00.000Z',
    lastSeenAt: '2026-10-26T08:00:00.000Z',
    sourceIp: ip,
    tokenIds: [`jti-${id}`],
  });

  test('a new login replaces the session and returns the previous one; only the current session can be touched', async () => {
    expect(await sessions.start('participant', 'sub-1', session('s1'))).toBeUndefined();
    expect(await sessions.touch('participant', 'sub-1', 's1', '2026-10-26T08:05:00.000Z', 'jti-refresh')).toBe(true);
    const previous = await sessions.start('participant', 'sub-1', session('s2', '198.51.100.2'));
    expect(previous).toEqual({
      ...session('s1'),
      lastSeenAt: '2026-10-26T08:05:00.000Z',
      tokenIds: ['jti-s1', 'jti-refresh'],
    });
    expect(await sessions.touch('participant', 'sub-1', 's1', '2026-10-26T08:06:00.000Z')).toBe(false);
    expect((await sessions.current('participant', 'sub-1'))?.sessionId).toBe('s2');
    expect(await sessions.current('admin', 'sub-1')).toBeUndefined();
  });

  test('ending a superseded session leaves the current one; ending the current one removes it', async () => {
    await sessions.start('admin', 'sub-2', session('a1'));
    await sessions.start('admin', 'sub-2', session('a2'));
    await sessions.end('admin', 'sub-2', 'a1');
    expect((await sessions.current('admin', 'sub-2'))?.sessionId).toBe('a2');
    await sessions.end('admin', 'sub-2', 'a2');
    expect(await sessions.current('admin', 'sub-2')).toBeUndefined();
  });
});

describe('security: fixed-window rate counters', () => {
  test('100 concurrent hits in one window count 100; the next window starts from 1', async () => {
    // A window starting in the future, so the emulator's TTL sweeper cannot delete it mid-test.
    const start = (Math.floor(Date.now() / 60_000) + 60) * 60_000;
    const at = new Date(start + 10_000);
    const counts = await Promise.all(Array.from({ length: 100 }, () => rates.hit('sms', '+393331234567', 60, at)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await rates.hit('sms', '+393331234567', 60, new Date(start + 59_999))).toBe(101);
    expect(await rates.hit('sms', '+393331234567', 60, new Date(start + 60_000))).toBe(1);
    expect(await rates.hit('email', '+393331234567', 60, at)).toBe(1);
  });
});
