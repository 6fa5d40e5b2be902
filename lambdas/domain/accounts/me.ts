/**
 * `GET /me`: who the caller is, whether the phone is verified, and the participant's bound token with the region and
 * axis of its application (added to CONTRACT's fields: the waiting room asks `/sportello/status` for that scope).
 */
import type { AccountsDeps } from './ports.ts';
import { refuse } from './refusal.ts';
import type { Caller } from './session.ts';

export async function describeCaller(
  caller: Caller,
  deps: Pick<AccountsDeps, 'identity' | 'registrations' | 'applications'>,
) {
  const account = await deps.identity.getAccount(caller.portal, caller.sub);
  // The account was deleted (token reset) after its token was issued.
  if (!account) throw refuse.as('UNAUTHENTICATED');
  const registration = await deps.registrations.get(caller.portal, account.email);
  const token = caller.portal === 'participant' ? registration?.token : undefined;
  const application = token ? await deps.applications.get(token) : undefined;
  return {
    portal: caller.portal,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    phoneVerified: account.phoneVerified && account.smsMfa,
    ...(token ? { token } : {}),
    ...(application ? { region: application.region, axis: application.axis } : {}),
  };
}
