/**
 * `.local-cloud/endpoints.json`: where the running local cloud is and what it provisioned. The operator CLI, the
 * integration tests and people read it (also at `GET /api/local/endpoints`). Local-only: it holds client secrets.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const ServiceEndpoints = z.object({
  dynamodb: z.string().url(),
  cognito: z.string().url(),
  sqs: z.string().url(),
  sns: z.string().url(),
  s3: z.string().url(),
  kms: z.string().url(),
  /** SES v2 (aws-ses-v2-local): where the product's e-mail goes, and where the outbox reads it. */
  ses: z.string().url(),
});
export type ServiceEndpoints = z.infer<typeof ServiceEndpoints>;

const Named = z.object({ name: z.string(), env: z.string() });
const Queue = Named.extend({ url: z.string(), arn: z.string() });

export const UserPoolEndpoint = z.object({
  name: z.string(),
  poolId: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  /** `iss` of its tokens and where its signing keys are. */
  issuer: z.string(),
  jwksUrl: z.string(),
});
export type UserPoolEndpoint = z.infer<typeof UserPoolEndpoint>;

export const Provisioned = z.object({
  stage: z.string(),
  tables: z.record(z.string(), Named),
  queues: z.object({ sends: Queue, sendsDlq: Queue, notifications: Queue, notificationsDlq: Queue }),
  topics: z.object({ notifications: Named.extend({ arn: z.string() }) }),
  buckets: z.record(z.string(), Named),
  userPools: z.object({ participant: UserPoolEndpoint, admin: UserPoolEndpoint }),
  keys: z.object({ receipt: z.object({ env: z.string(), alias: z.string(), arn: z.string() }) }),
  /** The verification codes table (local/provision/codes.ts), where provisioned. */
  codes: z.object({ name: z.string() }).optional(),
});
export type Provisioned = z.infer<typeof Provisioned>;

export const Endpoints = z.object({
  /** The site (portals at `/`, API at `/api`). */
  url: z.string().url(),
  apiUrl: z.string().url(),
  region: z.string(),
  /** Static keys for the emulators and LocalStack; absent against AWS itself (the SDK's default chain). */
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
  /** `true` when every service is an emulator this local cloud started. */
  emulated: z.boolean(),
  services: ServiceEndpoints,
  /** The services reached at endpoints this cloud did not start (`AWS_ENDPOINT_URL[_<SERVICE>]`); empty when emulated. */
  external: z.array(ServiceEndpoints.keyof()).default([]),
  resources: Provisioned,
  /** Every environment variable a handler gets (resource names per resources.ts, SDK endpoints, region). */
  env: z.record(z.string(), z.string()),
  pid: z.number().int(),
  startedAt: z.string(),
});
export type Endpoints = z.infer<typeof Endpoints>;

export function writeEndpoints(file: string, endpoints: Endpoints): void {
  writeFileSync(file, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
}

export function readEndpoints(file: string): Endpoints {
  return Endpoints.parse(JSON.parse(readFileSync(file, 'utf8')));
}
