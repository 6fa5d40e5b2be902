/**
 * For the local cloud's child processes started with an IPC channel (`messagingProcess.ts`,
 * `sendsConsumerProcess.ts`): runs `stop` once, on SIGTERM or SIGINT (the cloud stopping them) or when the channel
 * closes (the cloud ended, however it ended — even `kill -9`).
 */
export function stopWhenTheCloudEnds(stop: () => void): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
  if (process.send) process.on('disconnect', once);
}
