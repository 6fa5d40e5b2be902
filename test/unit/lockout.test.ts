import fc from 'fast-check';
import {
  blankLockout,
  LOCKOUT_MAX_MS,
  LOCKOUT_MESSAGE,
  LOCKOUT_RETENTION_MS,
  type LockoutDecision,
  type LockoutEvent,
  type LockoutState,
  lockoutDuration,
  lockoutExpiresAt,
  lockoutKey,
  lockoutStep,
} from '#domain/accounts/lockout';

import { sourceBlock } from '#domain/kernel/rate-counter';
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 26, 9, 0, 0);

/** Runs events at the given instants, returning the last state and every decision. */
function run(events: [LockoutEvent, number][], start?: LockoutState) {
  let state = start;
  const decisions: LockoutDecision[] = [];
  for (const [event, at] of events) {
    const step = lockoutStep(state, event, at);
    state = step.state;
    decisions.push(step.decision);
  }
  return { state: state as LockoutState, decisions };
}
const failures = (n: number, at: number): [LockoutEvent, number][] => Array.from({ length: n }, () => ['failure', at]);

describe('lockoutStep (R10)', () => {
  it("uses the seeds' message with straight apostrophes", () => {
    expect(LOCKOUT_MESSAGE).toBe(
      "L'account è stato temporaneamente bloccato per impedirne l'uso non autorizzato. Riprovare più tardi.",
    );
    expect(LOCKOUT_MESSAGE).not.toMatch(/[\u2018\u2019]/);
  });

  it('counts nine wrong passwords without locking, and locks at the tenth for one minute', () => {
    const nine = run(failures(9, T0));
    expect(nine.decisions.at(-1)).toEqual({ outcome: 'COUNTED', failures: 9 });
    expect(lockoutStep(nine.state, 'attempt', T0).decision).toEqual({ outcome: 'ALLOWED' });
    const ten = lockoutStep(nine.state, 'failure', T0);
    expect(ten.decision).toEqual({
      outcome: 'LOCKED',
      lockedUntil: T0 + MIN,
      message: LOCKOUT_MESSAGE,
      justLocked: true,
    });
    expect(ten.state).toMatchObject({ failures: 0, lockouts: 1, lockedUntil: T0 + MIN });
  });

  it('refuses attempts until the lockout ends, without counting or extending it', () => {
    const { state } = run(failures(10, T0));
    for (const at of [T0, T0 + 1, T0 + MIN - 1]) {
      const step = lockoutStep(state, 'attempt', at);
      expect(step).toEqual({
        state,
        decision: expect.objectContaining({ lockedUntil: T0 + MIN, justLocked: false }),
        changed: false,
      });
    }
    const refusedFailure = lockoutStep(state, 'failure', T0 + 30_000);
    expect(refusedFailure.changed).toBe(false);
    expect(refusedFailure.decision).toMatchObject({ outcome: 'LOCKED', lockedUntil: T0 + MIN });
    expect(lockoutStep(state, 'attempt', T0 + MIN).decision).toEqual({ outcome: 'ALLOWED' });
  });

  it('starts the failure count again from zero after a lockout ends', () => {
    const { state } = run(failures(10, T0));
    const after = run(failures(9, T0 + MIN), state);
    expect(after.decisions.every((d) => d.outcome === 'COUNTED')).toBe(true);
    const second = lockoutStep(after.state, 'failure', T0 + MIN);
    expect(second.decision).toMatchObject({ outcome: 'LOCKED', lockedUntil: T0 + 2 * MIN, justLocked: true });
  });

  it.each([
    [1, 1],
    [10, 1],
    [11, 2],
    [12, 4],
    [13, 8],
    [18, 256],
    [19, 300],
    [40, 300],
    [10_000, 300],
  ])('makes lockout number %d last %d minutes', (n, minutes) => {
    expect(lockoutDuration(n)).toBe(minutes * MIN);
    // The same through the machine: n lockouts in a row, each run of ten failures right after the previous lockout.
    if (n > 40) return;
    let state: LockoutState | undefined;
    let at = T0;
    let start = T0;
    let last: LockoutDecision = { outcome: 'ALLOWED' };
    for (let i = 0; i < n; i++) {
      start = at;
      const r = run(failures(10, start), state);
      state = r.state;
      last = r.decisions.at(-1) as LockoutDecision;
      at = state.lockedUntil as number;
    }
    expect(last).toMatchObject({ outcome: 'LOCKED', justLocked: true, lockedUntil: start + minutes * MIN });
    expect(state?.lockouts).toBe(n);
  });

  it('resets failures and lockouts on a successful login', () => {
    const { state } = run([...failures(10, T0), ...failures(10, T0 + MIN), ...failures(4, T0 + 3 * MIN)]);
    expect(state).toMatchObject({ failures: 4, lockouts: 2 });
    const ok = lockoutStep(state, 'success', T0 + 3 * MIN);
    expect(ok).toEqual({ state: blankLockout(T0 + 3 * MIN), decision: { outcome: 'ALLOWED' }, changed: true });
    const again = run(failures(10, T0 + 4 * MIN), ok.state);
    expect(again.decisions.at(-1)).toMatchObject({ lockedUntil: T0 + 5 * MIN });
  });

  it('forgets a key after a day with no counted event', () => {
    const { state } = run([...failures(10, T0), ...failures(9, T0 + MIN)]);
    expect(lockoutExpiresAt(state)).toBe(T0 + MIN + LOCKOUT_RETENTION_MS);
    expect(lockoutStep(state, 'failure', T0 + MIN + LOCKOUT_RETENTION_MS - 1).decision.outcome).toBe('LOCKED');
    const later = lockoutStep(state, 'failure', T0 + MIN + LOCKOUT_RETENTION_MS);
    expect(later.decision).toEqual({ outcome: 'COUNTED', failures: 1 });
    expect(later.state.lockouts).toBe(0);
    expect(lockoutExpiresAt(blankLockout(T0))).toBe(T0);
  });

  it('keeps a long lockout until it has ended plus the retention', () => {
    const locked: LockoutState = { failures: 0, lockouts: 25, lockedUntil: T0 + LOCKOUT_MAX_MS, updatedAt: T0 };
    expect(lockoutExpiresAt(locked)).toBe(T0 + LOCKOUT_MAX_MS + LOCKOUT_RETENTION_MS);
    expect(lockoutStep(locked, 'attempt', T0 + LOCKOUT_MAX_MS - 1).decision.outcome).toBe('LOCKED');
  });
});

describe('lockoutKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:0:1:aaaa:bbbb:cccc:dddd', '2001:db8:0:1::/64'],
    ['2001:DB8:0:1::42', '2001:db8:0:1::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('given source %s then the block is %s', (address, block) => {
    expect(sourceBlock(address)).toBe(block);
  });

  it('separates portals, accounts and sources, and ignores the case of the account', () => {
    const k = lockoutKey('participant', 'Mario.Rossi@Example.it', '203.0.113.7');
    expect(k).toBe('LOCKOUT#participant#mario.rossi@example.it#203.0.113.7');
    expect(lockoutKey('admin', 'mario.rossi@example.it', '203.0.113.7')).not.toBe(k);
    expect(lockoutKey('participant', 'mario.rossi@example.it', '203.0.113.8')).not.toBe(k);
  });
});

describe('lockoutStep over any sequence (property)', () => {
  const gap = fc.constantFrom(0, 1, 1000, 30_000, MIN - 1, MIN, MIN + 1, 2 * MIN, 5 * MIN, 60 * MIN, 5 * 60 * MIN);
  // Mostly failures, rare successes: long runs reach the five-hour cap (lockout 19 needs 190 failures).
  const event = fc.oneof(
    { weight: 12, arbitrary: fc.constant<LockoutEvent>('failure') },
    { weight: 4, arbitrary: fc.constant<LockoutEvent>('attempt') },
    { weight: 1, arbitrary: fc.constant<LockoutEvent>('success') },
  );
  const mixed = fc.array(fc.tuple(event, gap), { maxLength: 400 });
  // A persistent guesser: bursts of failures, each after the previous lockout has surely ended (5 h is the cap).
  const burst = fc
    .tuple(fc.integer({ min: 8, max: 12 }), fc.constantFrom<LockoutEvent>('failure', 'attempt'))
    .map(([n, tail]) => [
      ['failure', 5 * 60 * MIN] as [LockoutEvent, number],
      ...Array.from({ length: n }, () => ['failure', 0] as [LockoutEvent, number]),
      [tail, 1000] as [LockoutEvent, number],
    ]);
  const guesser = fc.array(burst, { minLength: 1, maxLength: 30, size: 'max' }).map((bursts) => bursts.flat());
  const trace = fc.oneof(mixed, guesser).map((steps) => {
    const times = steps.reduce<number[]>((acc, [, d]) => {
      acc.push((acc.at(-1) ?? T0) + d);
      return acc;
    }, []);
    return steps.map(([e], i) => [e, times[i] as number] as [LockoutEvent, number]);
  });

  /** The rules written as a plain replay of the history, independently of the machine's structure. */
  function reference(events: [LockoutEvent, number][]): string[] {
    let run = 0;
    let lockouts = 0;
    let lockEnd = Number.NEGATIVE_INFINITY;
    let lastCounted = Number.NEGATIVE_INFINITY;
    return events.map(([e, at]) => {
      if (at >= Math.max(lastCounted, lockEnd) + LOCKOUT_RETENTION_MS) [run, lockouts] = [0, 0];
      if (e === 'success') {
        [run, lockouts, lockEnd, lastCounted] = [0, 0, Number.NEGATIVE_INFINITY, at];
        return 'ALLOWED';
      }
      if (at < lockEnd) return `LOCKED until ${lockEnd}`;
      if (e === 'attempt') return 'ALLOWED';
      run += 1;
      lastCounted = at;
      if (run < 10) return 'COUNTED';
      lockouts += 1;
      run = 0;
      lockEnd = at + Math.min(lockouts <= 10 ? MIN : 2 ** (lockouts - 10) * MIN, 5 * 60 * MIN);
      return `JUST_LOCKED until ${lockEnd}`;
    });
  }

  it('locks exactly when ten consecutive failures were counted since the last reset or lockout end', () => {
    fc.assert(
      fc.property(trace, (events) => {
        const got = run(events).decisions.map((d) =>
          d.outcome === 'LOCKED' ? `${d.justLocked ? 'JUST_LOCKED' : 'LOCKED'} until ${d.lockedUntil}` : d.outcome,
        );
        expect(got).toEqual(reference(events));
      }),
    );
  });

  it('reaches the five-hour cap in some traces (the generator covers long escalations)', () => {
    const capped = fc
      .sample(trace, { numRuns: 200, seed: 7 })
      .some((events) =>
        run(events).decisions.some(
          (d, i) => d.outcome === 'LOCKED' && d.lockedUntil - (events[i]?.[1] ?? 0) === LOCKOUT_MAX_MS,
        ),
      );
    expect(capped).toBe(true);
  });

  it('never locks for more than five hours, never extends a lockout, and attempts change nothing', () => {
    fc.assert(
      fc.property(trace, (events) => {
        let state: LockoutState | undefined;
        for (const [e, at] of events) {
          const step = lockoutStep(state, e, at);
          const d = step.decision;
          if (d.outcome === 'LOCKED') {
            expect(d.lockedUntil - at).toBeGreaterThan(0);
            expect(d.lockedUntil - at).toBeLessThanOrEqual(LOCKOUT_MAX_MS);
            expect(d.message).toBe(LOCKOUT_MESSAGE);
            if (!d.justLocked) expect(step.state.lockedUntil).toBe(state?.lockedUntil);
          }
          if (e === 'attempt') expect(step.changed).toBe(false);
          if (e === 'success') expect(step.state).toEqual(blankLockout(at));
          expect(lockoutExpiresAt(step.state)).toBeGreaterThanOrEqual(step.state.lockedUntil ?? 0);
          if (step.changed) state = step.state;
        }
      }),
    );
  });
});
