/** Every repository over one document client, given the physical table names (from the environment in a Lambda). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableId } from '#catalogue/resources';
import { DynamoApplications } from './applications.ts';
import { DynamoAudit } from './audit.ts';
import { DynamoClaims } from './claims.ts';
import { DynamoConfig } from './config.ts';
import { DynamoLockouts } from './lockouts.ts';
import { DynamoNcdDecisions } from './ncd-decisions.ts';
import { DynamoOutcomes } from './outcomes.ts';
import { DynamoRateCounter } from './rate-counter.ts';
import { DynamoSessions } from './sessions.ts';
import { DynamoSends } from './sends.ts';

export function buildRepositories(documents: DynamoDBDocumentClient, tables: Record<TableId, string>) {
  return {
    applications: new DynamoApplications(documents, tables.applications),
    claims: new DynamoClaims(documents, tables.claims),
    sends: new DynamoSends(documents, tables.sends, tables.applications),
    lockouts: new DynamoLockouts(documents, tables.security),
    sessions: new DynamoSessions(documents, tables.security),
    rates: new DynamoRateCounter(documents, tables.security),
    audit: new DynamoAudit(documents, tables.audit),
    config: new DynamoConfig(documents, tables.config),
    ncdDecisions: new DynamoNcdDecisions(documents, tables.config),
    outcomes: new DynamoOutcomes(documents, tables.config),
  };
}
export type Repositories = ReturnType<typeof buildRepositories>;
