/** The running local cloud as a client sees it: health, the error shape of unknown routes, endpoints, the home page. */
import { readFileSync } from 'node:fs';
import { api, endpoints } from './helpers/cloud.ts';

describe('local cloud', () => {
  test('given the cloud is up, then /api/health answers 200 ok', async () => {
    const { status, body } = await api<{ status: string }>('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok' });
  });

  test('given a path no route serves, then it answers 404 in the CONTRACT error shape', async () => {
    const { status, body } = await api<{ error: { code: string; message: string } }>('/no/such/route');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toEqual(expect.any(String));
  });

  test('given /api/local/endpoints, then it is the endpoints file the operator CLI reads', async () => {
    const { status, body } = await api('/local/endpoints');
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(readFileSync(process.env.SPORTELLO_ENDPOINTS as string, 'utf8')));
  });

  test('given /, then the Italian home page links the three portals', async () => {
    const response = await fetch(`${endpoints().url}/`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<html[^>]*\slang="it"/);
    for (const portal of ['/partecipante/', '/amministratore/', '/elenchi/'])
      expect(html).toContain(`href="${portal}"`);
  });

  test('given a path outside the site, then no file outside web/dist is served', async () => {
    const response = await fetch(`${endpoints().url}/..%2F..%2Fpackage.json`);
    expect(response.status).toBe(404);
  });
});
