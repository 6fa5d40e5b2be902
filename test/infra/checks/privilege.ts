import { Stack } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib/core';
import type { SportelloFunction } from '#lib/constructs/sportello-function';
import {
  type FunctionNeeds,
  ORIGIN_SECRET_ENV,
  RECEIPT_KEY_ENV,
  RECEIPT_SEED_ENV,
  SMS_COUNTRIES_ENV,
  SMS_DELIVERY_ENV,
  tableActions,
  VIEWER_ADDRESS_HEADER_ENV,
  LOG_KEY_ENV,
} from '#catalogue/function-needs';
import {
  BUCKETS,
  NOTIFICATIONS_TOPIC,
  type Portal,
  SEND_QUEUE,
  TABLES,
  type TableId,
  USER_POOLS,
  MAIL,
} from '#catalogue/resources';
import type { Synthesis } from '../sportello-app.ts';
import { policyStatements } from './api.ts';

/** Every IAM action a function with these needs may hold — derived from the needs, independently of bind-needs.ts. */
function expectedActions(needs: FunctionNeeds): Set<string> {
  const actions = new Set([
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
  ]);
  for (const need of Object.values(needs.tables ?? {}))
    for (const a of tableActions(need)) actions.add(`dynamodb:${a}`);
  if (needs.sendQueue === 'send') actions.add('sqs:SendMessage');
  if (needs.sendQueue === 'consume' || needs.notifications === 'deliver') {
    for (const a of ['ReceiveMessage', 'ChangeMessageVisibility', 'GetQueueUrl', 'DeleteMessage', 'GetQueueAttributes'])
      actions.add(`sqs:${a}`);
  }
  if (needs.notifications === 'deliver') for (const a of ['ses:SendEmail', 'sns:Publish']) actions.add(a);
  if (needs.notificationsTopic) actions.add('sns:Publish');
  for (const need of Object.values(needs.userPools ?? {})) {
    for (const a of need.admin) actions.add(`cognito-idp:${a}`);
    if (need.clientSecret) actions.add('secretsmanager:GetSecretValue');
  }
  if (needs.receiptKey) actions.add('secretsmanager:GetSecretValue');
  if (needs.receiptKey === 'certify') for (const a of ['kms:Sign', 'kms:GetPublicKey']) actions.add(a);
  if (needs.listsBucket === 'read') for (const a of ['s3:ListBucket', 's3:GetObject']) actions.add(a);
  if (needs.listsBucket === 'write') actions.add('s3:PutObject');
  if (needs.sms) actions.add('sns:Publish');
  if (needs.logFiles) actions.add('s3:GetObject');
  if (needs.logFiles === 'write') actions.add('s3:PutObject');
  if (needs.logKey) actions.add('secretsmanager:GetSecretValue');
  return actions;
}

/** Every HTTP handler reads the origin secret (the API stack grants it beside the needs). */
const ORIGIN_SECRET_READ = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];

function expectedEnvironment(needs: FunctionNeeds): Set<string> {
  const names = new Set<string>();
  for (const id of Object.keys(needs.tables ?? {}) as TableId[]) names.add(TABLES[id].env);
  if (needs.sendQueue) names.add(SEND_QUEUE.env);
  if (needs.notificationsTopic) names.add(NOTIFICATIONS_TOPIC.env);
  // The SMS sender id is set only when the deployment names one.
  if (needs.notifications === 'deliver') for (const name of [MAIL.fromEnv, MAIL.configurationSetEnv]) names.add(name);
  for (const [portal, need] of Object.entries(needs.userPools ?? {}) as [Portal, { clientSecret?: boolean }][]) {
    names.add(USER_POOLS[portal].env.poolId);
    names.add(USER_POOLS[portal].env.clientId);
    if (need.clientSecret) names.add(USER_POOLS[portal].env.clientSecret);
  }
  if (needs.receiptKey) names.add(RECEIPT_SEED_ENV);
  if (needs.receiptKey === 'certify') names.add(RECEIPT_KEY_ENV);
  if (needs.sms) for (const name of [SMS_DELIVERY_ENV, SMS_COUNTRIES_ENV]) names.add(name);
  if (needs.listsBucket || needs.logFiles) names.add(BUCKETS.lists.env);
  if (needs.logKey) names.add(LOG_KEY_ENV);
  return names;
}

const COMMON_ENV = [
  'STAGE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
];

export function privilegeChecks(get: () => Synthesis): void {
  describe('least privilege: each function holds only what functions.ts says it needs', () => {
    const functions = (): [string, SportelloFunction][] => {
      const { stacks } = get();
      return [...Object.entries(stacks.api.functions), ...Object.entries(stacks.api.triggers)] as [
        string,
        SportelloFunction,
      ][];
    };

    it('grants exactly the actions of its needs', () => {
      const synthesis = get();
      expect(functions().length).toBeGreaterThan(0);
      for (const [name, fn] of functions()) {
        const statements = policyStatements(synthesis, fn.role.node.defaultChild as CfnElement);
        const granted = new Set(statements.flatMap((statement) => [statement.Action].flat() as string[]));
        const handler = name in synthesis.stacks.api.functions;
        expect({ name, actions: [...granted].sort() }).toEqual({
          name,
          actions: [...new Set([...expectedActions(fn.needs), ...(handler ? ORIGIN_SECRET_READ : [])])].sort(),
        });
      }
    });

    it('grants table actions only on the tables it needs, each with exactly its actions', () => {
      const synthesis = get();
      const tableIds = Object.fromEntries(
        (Object.keys(TABLES) as TableId[]).map((id) => {
          const table = synthesis.stacks.data.tables[id].node.defaultChild as CfnElement;
          return [id, Stack.of(table).getLogicalId(table)];
        }),
      ) as Record<TableId, string>;
      for (const [name, fn] of functions()) {
        const granted: Partial<Record<TableId, Set<string>>> = {};
        for (const statement of policyStatements(synthesis, fn.role.node.defaultChild as CfnElement)) {
          const actions = ([statement.Action].flat() as string[]).filter((a) => a.startsWith('dynamodb:'));
          if (actions.length === 0) continue;
          const resources = JSON.stringify(statement.Resource);
          expect(resources).not.toMatch(/"\*"/);
          for (const id of Object.keys(tableIds) as TableId[]) {
            if (!resources.includes(tableIds[id])) continue;
            granted[id] ??= new Set();
            for (const a of actions) granted[id]?.add(a.replace('dynamodb:', ''));
          }
        }
        const expected = Object.fromEntries(
          Object.entries(fn.needs.tables ?? {}).map(([id, need]) => [id, tableActions(need)]),
        );
        const actual = Object.fromEntries(Object.entries(granted).map(([id, set]) => [id, [...(set ?? [])].sort()]));
        expect({ name, tables: actual }).toEqual({ name, tables: expected });
      }
    });

    it("touches only the log's files of the public bucket when it needs the log", () => {
      const synthesis = get();
      for (const [name, fn] of functions()) {
        if (!fn.needs.logFiles || fn.needs.listsBucket) continue;
        const s3 = policyStatements(synthesis, fn.role.node.defaultChild as CfnElement).filter((statement) =>
          ([statement.Action].flat() as string[]).some((a) => a.startsWith('s3:')),
        );
        expect({ name, resources: s3.map((statement) => JSON.stringify(statement.Resource)) }).toEqual({
          name,
          resources: s3.map(() => expect.stringMatching(/\/log\/\*"/)),
        });
        expect(s3.length).toBeGreaterThan(0);
      }
    });

    it('sets exactly the environment variables of its needs', () => {
      const { templates, stacks } = get();
      for (const [name, fn] of functions()) {
        const id = stacks.api.getLogicalId(fn.function.node.defaultChild as CfnElement);
        const variables = Object.keys(templates.api.toJSON().Resources[id].Properties.Environment.Variables);
        // The edge's two variables go to every handler beside its needs.
        const resourceVariables = variables.filter(
          (v) => !COMMON_ENV.includes(v) && v !== VIEWER_ADDRESS_HEADER_ENV && v !== ORIGIN_SECRET_ENV,
        );
        expect({ name, env: resourceVariables.sort() }).toEqual({
          name,
          env: [...expectedEnvironment(fn.needs)].sort(),
        });
      }
    });
  });
}
