/** The health Lambda: every table probed (adapters/dynamodb/health.ts). */
import { awsClients } from '#adapters/clients';
import { checkTables } from '#adapters/dynamodb/health';
import { TABLES, type TableId } from '#catalogue/resources';
import { tableNames } from '#http/env';
import { healthRoute } from '#http/routes/health';
import { lambdaHttp } from '#wiring/http';

const tables = tableNames(Object.keys(TABLES) as TableId[]);
const documents = awsClients().documents;
export const handler = lambdaHttp('health', { 'GET /health': healthRoute(() => checkTables({ documents, tables })) });
