import { compileRoutes, matchRoute } from '#local/gateway/routing';
import type { Route } from '#catalogue/routes';

const routes: Route[] = [
  { method: 'POST', path: '/{portal}/register/confirm', handler: 'registration', auth: 'none' },
  { method: 'POST', path: '/participant/register/confirm', handler: 'registration', auth: 'none' },
  { method: 'POST', path: '/admin/companies/{token}/reset', handler: 'admin', auth: 'admin' },
  { method: 'GET', path: '/sportello/status', handler: 'counter', auth: 'none' },
];
const compiled = compileRoutes(routes);

describe('local gateway routing', () => {
  test('given a literal and a parameter route for one path, then the literal one wins, as in API Gateway', () => {
    const match = matchRoute(compiled, 'POST', '/participant/register/confirm');
    expect(match).toEqual({ route: routes[1], pathParameters: null });
  });

  test('given a path parameter, then it is decoded (a token keeps its sign)', () => {
    const match = matchRoute(compiled, 'POST', `/admin/companies/%2B${'a'.repeat(64)}/reset`);
    expect(match).toEqual({ route: routes[2], pathParameters: { token: `+${'a'.repeat(64)}` } });
  });

  test('given a known path with another method, then "method"; an unknown path, undefined', () => {
    expect(matchRoute(compiled, 'POST', '/sportello/status')).toBe('method');
    expect(matchRoute(compiled, 'GET', '/sportello/status/extra')).toBeUndefined();
    expect(matchRoute(compiled, 'GET', '/sportello')).toBeUndefined();
  });
});
