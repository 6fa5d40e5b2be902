/**
 * aws-ses-v2-local: the SES v2 API (`SendEmail` …) on loopback, on a free port, in the cloud's process. It keeps the
 * e-mails it accepted in memory and lists them at `GET /store` (`?since=<epoch seconds>`): the outbox reads them
 * there. It refuses no address and produces no bounce: those are AWS-only (docs/local-cloud.md).
 */
import type { AddressInfo } from 'node:net';
import startSes from 'aws-ses-v2-local';
import type { RunningEmulator } from './dynamodb.ts';

export async function startMail(): Promise<RunningEmulator> {
  const server = await startSes({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
