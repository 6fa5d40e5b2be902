/**
 * The registration records' copy by token and the former participant (DynamoDB Local): what the administrator's
 * view of pending registrations and a retried token reset rely on.
 */
import { accountsDeps } from '#wiring/accounts';
import type { Registration } from '#domain/accounts/ports';
import { randomBytes } from 'node:crypto';
import { uniqueAddress } from './accounts-helpers.ts';

let deps: ReturnType<typeof accountsDeps>;
beforeAll(() => {
  deps = accountsDeps('auth'); // after the global setup has exported the local cloud's table names
});
const someToken = () => `+${randomBytes(32).toString('hex')}`;
const registration = (token: string, extra: Partial<Registration> = {}): Registration => ({
  id: randomBytes(8).toString('hex'),
  portal: 'participant',
  email: uniqueAddress('copia'),
  sub: randomBytes(8).toString('hex'),
  token,
  confirmed: false,
  registeredAt: new Date().toISOString(),
  sourceIp: '203.0.113.5',
  ...extra,
});

test('a participant registration is found by its token until it lapses; the copy is forgotten only by its owner', async () => {
  const token = someToken();
  const pending = registration(token);
  await deps.registrations.put(pending, new Date(Date.now() + 3_600_000));
  expect(await deps.registrations.byToken(token)).toEqual({ ...pending, phone: undefined, confirmedAt: undefined });

  await deps.registrations.forgetToken(token, 'another-registration');
  expect((await deps.registrations.byToken(token))?.id).toBe(pending.id);
  await deps.registrations.delete('participant', pending.email);
  expect((await deps.registrations.byToken(token))?.id).toBe(pending.id); // the copy outlives the record by address
  await deps.registrations.forgetToken(token, pending.id);
  expect(await deps.registrations.byToken(token)).toBeUndefined();
  await deps.registrations.forgetToken(token, pending.id); // idempotent

  const lapsed = someToken();
  await deps.registrations.put(registration(lapsed), new Date(Date.now() - 1000));
  expect(await deps.registrations.byToken(lapsed)).toBeUndefined();
});

test('the former participant of a token is kept and replaced', async () => {
  const token = someToken();
  expect(await deps.registrations.formerParticipant(token)).toBeUndefined();
  const former = {
    email: 'vecchio@example.it',
    sub: 'sub-1',
    boundAt: '2026-10-20T08:00:00.000Z',
    registeredFrom: '203.0.113.5',
    lastSession: {
      sourceIp: '198.51.100.9',
      startedAt: '2026-10-20T09:00:00.000Z',
      lastSeenAt: '2026-10-20T11:00:00.000Z',
    },
    resetAt: '2026-10-20T12:00:00.000Z',
    resetBy: 'pec@pec.example.it',
    resetFrom: '192.0.2.44',
  };
  await deps.registrations.putFormerParticipant(token, former);
  expect(await deps.registrations.formerParticipant(token)).toEqual(former);
  await deps.registrations.putFormerParticipant(token, { ...former, sub: 'sub-2' });
  expect((await deps.registrations.formerParticipant(token))?.sub).toBe('sub-2');
});
