/**
 * The edition's log as the operator's commands reach it: the same wiring as the functions (`#wiring/transparency`),
 * with the log-key secret from the local cloud's environment or, on a stage, from Secrets Manager by its name.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { LOG_KEY_ENV } from '#catalogue/function-needs';
import { BUCKETS, physicalName } from '#catalogue/resources';
import { type LogAccess, logAccess } from '#wiring/transparency';
import { OperationFailed } from '#ops/cli';
import type { CloudTarget } from '#ops/cloud';

export async function logKeySecret(cloud: CloudTarget): Promise<string> {
  if (cloud.kind === 'local') {
    const value = process.env[LOG_KEY_ENV];
    if (!value) throw new OperationFailed(`Il cloud locale non indica ${LOG_KEY_ENV}: riavviarlo.`);
    return value;
  }
  const name = physicalName(cloud.stage ?? '', 'log-key');
  const out = await cloud.clients.secrets.send(new GetSecretValueCommand({ SecretId: name }));
  if (!out.SecretString) throw new OperationFailed(`Il segreto ${name} non ha valore.`);
  return out.SecretString;
}

export async function cloudLog(cloud: CloudTarget, mode: 'sign' | 'read'): Promise<LogAccess> {
  const env: NodeJS.ProcessEnv = { ...process.env, [BUCKETS.lists.env]: cloud.listsBucket };
  if (mode === 'sign') env[LOG_KEY_ENV] = await logKeySecret(cloud);
  return logAccess({
    documents: cloud.clients.documents,
    s3: cloud.clients.s3,
    configTable: cloud.tables.config,
    mode,
    env,
  });
}
