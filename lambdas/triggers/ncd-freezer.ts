/**
 * Scheduled (every minute): freezes R22a's NCD decision of each axis as soon as registration has closed for all its
 * lists, with the totals that decided it, and records the freeze in the audit trail. Before the close it reads the
 * timetables and allocations and writes nothing; once every axis is frozen it only reads. In the local cloud,
 * `local/sends-consumer.ts` runs it on a timer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { awsClients } from '#adapters/clients';
import { DynamoAudit } from '#adapters/dynamodb/audit';
import { dynamoNcdFreezeDeps } from '#adapters/dynamodb/ncd-decisions';
import { type FreezeReport, freezeDueAxes, recordFreeze } from '#domain/lists/ncd-frozen';
import { tableNames } from '#http/env';

const log = new Logger({ serviceName: 'sportello', persistentKeys: { function: 'ncd-freezer' } });

let deps: { freeze: ReturnType<typeof dynamoNcdFreezeDeps>; audit: DynamoAudit } | undefined;

export const handler = async (): Promise<FreezeReport> => {
  if (!deps) {
    const tables = tableNames(['applications', 'config', 'audit'] as const);
    const { documents } = awsClients();
    deps = { freeze: dynamoNcdFreezeDeps(documents, tables), audit: new DynamoAudit(documents, tables.audit) };
  }
  const report = await freezeDueAxes(deps.freeze, { atMs: Date.now(), actor: 'scheduler' });
  if (report.frozen.length > 0) {
    await recordFreeze(deps.audit, report);
    log.info('NCD decisions frozen', { lists: report.frozen.length });
  }
  return report;
};
