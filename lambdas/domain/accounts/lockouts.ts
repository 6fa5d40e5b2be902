/**
 * R10 against the store: the pure state machine of `lockout.ts` applied per account and source block, with
 * optimistic concurrency so that parallel wrong passwords are all counted.
 */

import type { Portal } from '#shared/resources';
import { type LockoutDecision, type LockoutEvent, lockoutExpiresAt, lockoutStep, sourceBlock } from '../lockout.ts';
import type { LockoutStore } from '../ports.ts';

const MAX_RACES = 8;

export async function applyLockout(
  store: LockoutStore,
  portal: Portal,
  account: string,
  sourceIp: string,
  event: LockoutEvent,
  now: Date,
): Promise<LockoutDecision> {
  const source = sourceBlock(sourceIp);
  for (let attempt = 0; attempt < MAX_RACES; attempt++) {
    const stored = await store.read(portal, account, source);
    const step = lockoutStep(stored?.value, event, now.getTime());
    if (!step.changed) return step.decision;
    const expiresAt = new Date(lockoutExpiresAt(step.state));
    if (await store.write(portal, account, source, step.state, stored?.version, expiresAt)) return step.decision;
  }
  // Every retry lost a race: the attempts are being counted by others at this very moment; refuse this one.
  throw new Error(`lockout: ${MAX_RACES} lost races on one key`);
}
