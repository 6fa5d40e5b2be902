/**
 * Scheduled clean-up (e.g. hourly): deletes accounts whose e-mail was not confirmed within 24 hours, with their
 * registration records (R4 note, CONTRACT "Registration"). Their token and address claims lapsed at 24 hours
 * already — the claims store treats an expired claim as free — so nothing waits for this sweep; it removes the rest.
 * Needs: ListUsers + AdminDeleteUser on both pools, the security table (registration records), the audit table.
 */
import { accountsDeps } from '#wiring/accounts';
import { sweepUnconfirmed } from '#domain/accounts/sweep';

const deps = accountsDeps('registration-sweeper');

export async function handler(): Promise<{ dropped: number }> {
  return { dropped: await sweepUnconfirmed(deps) };
}
