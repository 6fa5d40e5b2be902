/**
 * Registration routes (R4, R5; CONTRACT "Registration"): participant and administrator sign-up, e-mail code
 * confirmation and resend, and the privacy notice shown with the forms (R21). Bodies are validated by the use cases,
 * in CONTRACT's error order.
 */
import { z } from 'zod';
import { accountsDeps } from '#wiring/accounts';
import { confirmRegistration, resendConfirmationCode } from '#domain/accounts/confirm';
import type { AccountsDeps } from '#domain/accounts/ports';
import { PRIVACY_NOTICE } from '#domain/accounts/privacy';
import { registerAdmin, registerParticipant } from '#domain/accounts/register';
import { accepted, created, httpHandler, ok, route } from '#http/handler';
import type { Portal } from '#catalogue/resources';

const anyBody = z.unknown();

export function registrationRoutes(deps: AccountsDeps) {
  const confirm = (portal: Portal) =>
    route({
      body: anyBody,
      handle: async ({ body, request }) => ok(await confirmRegistration(portal, body, request, deps)),
    });
  const resend = (portal: Portal) =>
    route({
      body: anyBody,
      handle: async ({ body, request }) => {
        await resendConfirmationCode(portal, body, request, deps);
        return accepted();
      },
    });
  return {
    'POST /participant/register': route({
      body: anyBody,
      handle: async ({ body, request }) => created(await registerParticipant(body, request, deps)),
    }),
    'POST /admin/register': route({
      body: anyBody,
      handle: async ({ body, request }) => created(await registerAdmin(body, request, deps)),
    }),
    'POST /participant/register/confirm': confirm('participant'),
    'POST /admin/register/confirm': confirm('admin'),
    'GET /privacy': route({ handle: () => ok(PRIVACY_NOTICE) }),
    'POST /participant/register/resend': resend('participant'),
    'POST /admin/register/resend': resend('admin'),
  };
}

export const handler = httpHandler(
  registrationRoutes(accountsDeps(['applications', 'claims', 'security', 'audit', 'config'])),
);
