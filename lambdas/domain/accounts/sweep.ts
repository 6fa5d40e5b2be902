/**
 * Clean-up of unconfirmed registrations (R4 note, CONTRACT): an account whose e-mail was not confirmed within
 * 24 hours is deleted. Its claims already lapsed at 24 hours (the claims store treats them as free), so the
 * token and the address could be registered again at once; this removes what is left.
 */
import { PORTALS } from '#domain/kernel/portal';
import type { AccountsDeps } from './ports.ts';
import { UNCONFIRMED_HOLD_MS } from './register.ts';

/**
 * Primary course: 1. list each pool's accounts unconfirmed for more than 24 hours; 2. delete each, and its
 * registration record if it was not replaced by a newer one; 3. audit. Returns how many were dropped.
 */
export async function sweepUnconfirmed(
  deps: Pick<AccountsDeps, 'identity' | 'registrations' | 'audit' | 'clock'>,
): Promise<number> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - UNCONFIRMED_HOLD_MS);
  let dropped = 0;
  for (const portal of PORTALS) {
    for (const account of await deps.identity.listUnconfirmed(portal, before)) {
      await deps.identity.deleteAccount(portal, account.sub);
      const registration = await deps.registrations.get(portal, account.email);
      if (registration && registration.sub === account.sub) await deps.registrations.delete(portal, account.email);
      await deps.audit.append({
        kind: 'REGISTRATION_EXPIRED',
        at: now.toISOString(),
        actor: 'system',
        data: { portal, account: account.email },
      });
      dropped++;
    }
  }
  return dropped;
}
