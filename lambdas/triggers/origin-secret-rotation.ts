/**
 * Secrets Manager's rotation of the origin secret (every 30 days, and on demand with `aws secretsmanager
 * rotate-secret`): `adapters/edge/origin-rotation.ts`. Where it writes comes from the environment the web stack sets.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { OriginSecretRotation, type RotationEvent } from '#adapters/edge/origin-rotation';
import { EDGE_ENV } from '#catalogue/function-needs';
import { parseEnv } from '#http/env';

const env = parseEnv(Object.fromEntries(Object.values(EDGE_ENV).map((name) => [name, z.string().min(1)])));
const rotation = new OriginSecretRotation(
  awsClients().secrets,
  new WAFV2Client({}),
  // CloudFront's API has one endpoint, in us-east-1.
  new CloudFrontClient({ region: 'us-east-1' }),
  {
    webAcl: {
      name: env[EDGE_ENV.webAclName] as string,
      id: env[EDGE_ENV.webAclId] as string,
      rule: env[EDGE_ENV.originRule] as string,
    },
    distributionId: env[EDGE_ENV.distributionId] as string,
  },
);

export async function handler(event: RotationEvent): Promise<void> {
  await rotation.rotate(event);
}
