import { createServer, type Server } from 'node:net';
import { DynamoApplications } from '#adapters/dynamodb/applications';
import { buildClients } from '#adapters/clients';
import { DynamoSends } from '#adapters/dynamodb/sends';
import { Unavailable } from '#domain/kernel/unavailable';
import { application, sendOf } from '../support/applications.ts';

/** A port that was free a moment ago and now refuses connections. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never answers: the SDK's request timeout must fire. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('unavailable backing service → Unavailable (503), nothing recorded', () => {
  test('given DynamoDB refuses connections, reads and the send transaction reject with Unavailable', async () => {
    const port = await closedPort();
    const { documents } = buildClients({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    const applications = new DynamoApplications(documents, 'any-applications');
    const sends = new DynamoSends(documents, 'any-sends', 'any-applications');

    await expect(applications.get('+x')).rejects.toBeInstanceOf(Unavailable);
    const app = application();
    await expect(applications.importMany([app])).rejects.toBeInstanceOf(Unavailable);
    await expect(sends.recordFirst(sendOf(app.token, 'sub', 1))).rejects.toMatchObject({
      name: 'Unavailable',
      operation: 'dynamodb:TransactWriteItems',
    });
  });

  test('given DynamoDB accepts but never answers, the request timeout turns it into Unavailable', async () => {
    const silent = await silentServer();
    try {
      const { documents } = buildClients({
        endpoint: `http://127.0.0.1:${silent.port}`,
        maxAttempts: 1,
        requestTimeoutMs: 300,
      });
      await expect(new DynamoApplications(documents, 'any').get('+x')).rejects.toBeInstanceOf(Unavailable);
    } finally {
      await silent.close();
    }
  }, 15_000);
});
