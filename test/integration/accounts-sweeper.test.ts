/**
 * The unconfirmed-registration sweeper against the local cloud's Cognito and tables: an account older than the
 * 24-hour hold (clock moved forward) is deleted with its record; a fresh one stays.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { accountsDeps } from '#wiring/accounts';
import type { IdentityProvider } from '#domain/accounts/ports';
import { registerParticipant } from '../support/routes.ts';
import { sweepUnconfirmed } from '#domain/accounts/sweep';
import type { Portal } from '#catalogue/resources';
import { form, newSource, seed, uniqueAddress } from './accounts-helpers.ts';
import { clients, endpoints } from './helpers/cloud.ts';

const SCOPE = { region: "Valle d'Aosta", axis: '1.2' } as const;
let seeded: Awaited<ReturnType<typeof seed>>;
const aws = clients();

beforeAll(async () => {
  seeded = await seed(SCOPE, [{}]);
});
afterAll(async () => {
  await seeded?.close();
  aws.destroy();
});

/** The real identity adapter, listing only one address's unconfirmed account. */
function onlyAccount(identity: IdentityProvider, email: string): IdentityProvider {
  return Object.assign(Object.create(identity) as IdentityProvider, {
    listUnconfirmed: async (portal: Portal, before: Date) =>
      (await identity.listUnconfirmed(portal, before)).filter((a) => a.email === email),
  });
}

test('given an unconfirmed registration, the sweep deletes it only once it is older than 24 hours', async () => {
  const deps = accountsDeps('registration');
  const email = uniqueAddress('sweep');
  await registerParticipant(form(email, seeded.data[0]?.token as string), { sourceIp: newSource() }, deps);
  const exists = () =>
    aws.cognito
      .send(
        new AdminGetUserCommand({ UserPoolId: endpoints().resources.userPools.participant.poolId, Username: email }),
      )
      .then(
        () => true,
        (e) => (e.name === 'UserNotFoundException' ? false : Promise.reject(e)),
      );
  // The cloud is shared by the whole run: only this test's account is swept (the real ListUsers is still used).
  const identity = onlyAccount(deps.identity, email.toLowerCase());
  expect(await sweepUnconfirmed({ ...deps, identity })).toBe(0);
  expect(await exists()).toBe(true);

  const later = { now: () => new Date(Date.now() + 24 * 3_600_000 + 60_000) };
  expect(await sweepUnconfirmed({ ...deps, identity, clock: later })).toBe(1);
  expect(await exists()).toBe(false);
  expect(await deps.registrations.get('participant', email)).toBeUndefined();
});
