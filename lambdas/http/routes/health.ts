/**
 * `GET /health` → `200 {status:"ok"}` only when every table answers (the probe throws `Unavailable` otherwise → 503),
 * so `npm start` and load balancers never call the service up while its storage is not.
 */
import { ok, route } from '#http/handler';

export const healthRoute = (probe: () => Promise<void>) =>
  route({
    async handle() {
      await probe();
      return ok({ status: 'ok' });
    },
  });
