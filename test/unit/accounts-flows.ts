/** Whole flows through the use cases, for tests that need an account in a given state. */
import { confirmRegistration } from '../support/routes.ts';
import { login } from '../support/routes.ts';
import { answerSmsCode, setUpPhone } from '../support/routes.ts';
import { registerAdmin, registerParticipant } from '../support/routes.ts';
import type { Portal } from '#catalogue/resources';
import type { FakeDeps } from './accounts-fakes.ts';
import { ctx, PASSWORD, participantForm } from './accounts-fixtures.ts';

export async function registeredParticipant(deps: FakeDeps, email: string, token: string) {
  await registerParticipant(participantForm(email, token), ctx, deps);
  await confirmRegistration('participant', { email, code: deps.identity.lastCode(email) }, ctx, deps);
}

export async function registeredAdmin(deps: FakeDeps, pec: string) {
  const form = { pec, password: PASSWORD, confirmPassword: PASSWORD, firstName: 'Luca', lastName: 'Bianchi' };
  await registerAdmin(form, ctx, deps);
  await confirmRegistration('admin', { email: pec, code: deps.identity.lastCode(pec) }, ctx, deps);
}

/** First login: password, phone, SMS code. Returns the tokens of the new session. */
export async function enrol(deps: FakeDeps, portal: Portal, email: string, phone: string, source = ctx) {
  const first = await login({ portal, email, password: PASSWORD }, source, deps);
  if (first.challenge !== 'MFA_SETUP') throw new Error(`expected MFA_SETUP, got ${first.challenge}`);
  await setUpPhone({ portal, session: first.session, phone }, source, deps);
  return answerSmsCode({ portal, session: first.session, code: deps.identity.lastCode(phone) }, source, deps);
}

/** A later login: password then the SMS code sent to `phone`. */
export async function logIn(deps: FakeDeps, portal: Portal, email: string, phone: string, source = ctx) {
  const first = await login({ portal, email, password: PASSWORD }, source, deps);
  if (first.challenge !== 'SMS_MFA') throw new Error(`expected SMS_MFA, got ${first.challenge}`);
  return answerSmsCode({ portal, session: first.session, code: deps.identity.lastCode(phone) }, source, deps);
}
