/**
 * What each Lambda function needs: tables (and which item actions), the send queue, the notifications topic, user pool
 * administration, the receipt key, the lists bucket. The CDK stacks (`lib/`) derive BOTH the IAM grants and the
 * environment variables of every function from this table, so a function can never read a variable it has no
 * permission for, nor hold a permission it has no variable for. The physical names travel in the environment variables
 * named by `resources.ts`.
 *
 * One entry per handler module of the route table (`HandlerName`, `lambdas/handlers/<name>.ts`) and per trigger
 * (`lambdas/triggers/<name>.ts`). A handler is deployed once the route table lists a route of it; every trigger listed
 * here is deployed, and its module must exist.
 */
import { type Portal, TABLES, type TableId } from './resources.ts';
import type { HandlerName } from './routes.ts';

/** DynamoDB item-level actions (the IAM action is `dynamodb:<name>`). `Scan` is deliberately absent. */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

export type TableAccess = 'read' | 'write' | 'readwrite';

export interface TableNeed {
  readonly access: TableAccess;
  /**
   * Narrows the access level to exactly these actions. Used where the rule is a single conditional write: the send
   * function may put a send (`attribute_not_exists`, inside `TransactWriteItems`, whose IAM check is per item action)
   * and read it back, and nothing else.
   */
  readonly only?: readonly ItemAction[];
}

const READ: readonly ItemAction[] = ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'];
const WRITE: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'ConditionCheckItem'];

/** The item actions a table need grants, sorted and without duplicates. */
export function tableActions(need: TableNeed): ItemAction[] {
  const level = need.access === 'read' ? READ : need.access === 'write' ? WRITE : [...READ, ...WRITE];
  const granted = need.only ? need.only.filter((action) => level.includes(action)) : level;
  if (need.only && granted.length !== need.only.length) {
    throw new Error(`Actions ${need.only.join(', ')} exceed the access level "${need.access}"`);
  }
  return [...new Set(granted)].sort();
}

/** User pool operations that need IAM (the client-level ones — SignUp, InitiateAuth… — are authorised by the client). */
export type CognitoAdminAction =
  'AdminGetUser' | 'AdminDeleteUser' | 'AdminUpdateUserAttributes' | 'AdminSetUserMFAPreference' | 'ListUsers';

export interface UserPoolNeed {
  /** Admin operations on the pool. The pool id and backend client id always come with it (to verify JWTs). */
  readonly admin: readonly CognitoAdminAction[];
  /**
   * The backend client's secret (for SECRET_HASH on SignUp, InitiateAuth, RespondToAuthChallenge…): its location (a
   * Secrets Manager ARN) in the environment and permission to read it once at cold start.
   * @default false
   */
  readonly clientSecret?: boolean;
}

export interface FunctionNeeds {
  readonly purpose: string;
  readonly tables?: Readonly<Partial<Record<TableId, TableNeed>>>;
  /** `send`: SendMessage to `sends.fifo`; `consume`: the function is the queue's event-source consumer. */
  readonly sendQueue?: 'send' | 'consume';
  readonly notificationsTopic?: 'publish';
  /**
   * `deliver`: the function consumes the notifications topic's delivery queue and sends e-mail through SES v2 (the
   * verified sender and the configuration set, in its environment) and SMS through SNS (publish to phone numbers only).
   */
  readonly notifications?: 'deliver';
  /**
   * Text messages the product sends itself (the code that verifies a new phone): `sns:Publish` to phone numbers only
   * (never to a topic), and the countries they may go to in `SMS_COUNTRIES_ENV`.
   */
  readonly sms?: 'send';
  /**
   * Rotates the origin secret: its versions in Secrets Manager, the web ACL's origin rule (`EDGE_ENV`) and the
   * distribution's origin header.
   */
  readonly originRotation?: true;
  readonly userPools?: Readonly<Partial<Record<Portal, UserPoolNeed>>>;
  /**
   * Receipt signatures (docs/counter.md "Receipt signatures"): `sign` reads the receipt key's secret seed (receipts are
   * signed in memory) and finds its certificate in the configuration table; `certify` also uses the KMS root key
   * (`kms:Sign` to certify the receipt key once, `kms:GetPublicKey` for the JWKS) — the root key's policy lets only
   * the counter's role sign.
   */
  readonly receiptKey?: 'sign' | 'certify';
  readonly listsBucket?: 'read' | 'write';
  /**
   * The transparency log's public files under `log/` in the lists bucket (docs/transparency.md): `read` for inclusion
   * proofs (GetObject on `log/*`), `write` to publish tiles and checkpoints (PutObject and GetObject on `log/*`).
   */
  readonly logFiles?: 'read' | 'write';
  /** The log's checkpoint key: reads the log-key secret its Ed25519 key is derived from (`adapters/signing/log-key.ts`). */
  readonly logKey?: 'sign';
  /** Memory in MB. @default 1024 (more memory is more CPU: cold starts and JWT checks are CPU-bound) */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /**
   * Provisioned concurrency during the click-day window (M4–M6) when the deployment asks for it (`-c clickDay=…`):
   * latency-critical functions only, sized in docs/deploy.md (rate × duration). @default 0
   */
  readonly clickDayConcurrency?: number;
}

/** Environment variable carrying the receipt signing key id (KMS key ARN on AWS). */
export const RECEIPT_KEY_ENV = 'RECEIPT_KEY_ID';
/** Environment variable carrying the receipt key's seed secret (a Secrets Manager ARN on AWS, the value locally). */
export const RECEIPT_SEED_ENV = 'RECEIPT_SEED_SECRET';
/** Environment variable carrying the log-key secret (a Secrets Manager ARN on AWS, the value locally). */
export const LOG_KEY_ENV = 'LOG_KEY_SECRET';
/**
 * Environment variable naming the request header that carries the viewer's address on AWS. CloudFront's viewer-request
 * function overwrites that header with the address CloudFront saw, so a client cannot forge it; WAF rate rules key on
 * the same header. Unset in the local cloud, where CONTRACT's `X-Forwarded-For` rule applies.
 */
export const VIEWER_ADDRESS_HEADER_ENV = 'VIEWER_ADDRESS_HEADER';
/** Environment variable carrying the SMS sender id (`-c smsSenderId`), when the deployment sets one. */
export const SMS_SENDER_ID_ENV = 'SMS_SENDER_ID';
/** The header CloudFront's function overwrites with the viewer's IP (WAF rate rules and the handlers read it). */
export const VIEWER_ADDRESS_HEADER = 'x-sportello-viewer';
/**
 * The header CloudFront adds to every request it forwards to the API, valued with the origin secret: the WAF refuses
 * requests without it, and the handlers trust the viewer-address header only beside it.
 */
export const ORIGIN_VERIFY_HEADER = 'x-sportello-origin';
/**
 * Environment variable carrying the origin secret: a Secrets Manager ARN on AWS (its current, pending and previous
 * versions are all accepted, so a rotation never refuses a request in flight), the value itself in the local cloud.
 * Unset: no origin check (unit tests).
 */
export const ORIGIN_SECRET_ENV = 'ORIGIN_SECRET';
/** Countries (ISO 3166 codes, or `EU`) whose mobile numbers may receive the product's SMS; default Italy. */
export const SMS_COUNTRIES_ENV = 'SMS_COUNTRIES';
/**
 * How the product's own SMS leave: `sns` (AWS: SNS Publish to the phone number) or `topic` (the notifications topic,
 * which only the local cloud's outbox reads: its SNS emulator cannot text a phone).
 */
export const SMS_DELIVERY_ENV = 'SMS_DELIVERY';
/** Where the origin secret's rotation writes: the web ACL (name, id, origin rule) and the distribution. */
export const EDGE_ENV = {
  webAclName: 'WEB_ACL_NAME',
  webAclId: 'WEB_ACL_ID',
  originRule: 'WEB_ACL_ORIGIN_RULE',
  distributionId: 'DISTRIBUTION_ID',
} as const;
/** Environment variable carrying the OAuth scope a pool's access tokens receive (pre token generation trigger). */
export const ACCESS_SCOPE_ENV = 'ACCESS_SCOPE';

const bothPools = (need: UserPoolNeed): Partial<Record<Portal, UserPoolNeed>> => ({ participant: need, admin: need });

export const HANDLER_NEEDS: Readonly<Record<HandlerName, FunctionNeeds>> = {
  health: {
    purpose: 'GET /health: up only when every table answers a GetItem of a key that never exists.',
    tables: Object.fromEntries(
      (Object.keys(TABLES) as TableId[]).map((id) => [id, { access: 'read', only: ['GetItem'] } as const]),
    ),
    memoryMb: 256,
  },
  registration: {
    purpose: 'R4–R6: registration, e-mail confirmation, resend; claims are conditional puts, released on failure.',
    tables: {
      applications: { access: 'read' },
      claims: { access: 'readwrite' },
      security: { access: 'readwrite' },
      audit: { access: 'write', only: ['PutItem'] },
      config: { access: 'read' },
    },
    userPools: bothPools({ admin: ['AdminGetUser', 'AdminDeleteUser'], clientSecret: true }),
  },
  auth: {
    purpose: 'R9–R11: login, SMS MFA setup and challenge, refresh, password reset, logout; lockout and sessions.',
    tables: {
      applications: { access: 'read' },
      claims: { access: 'readwrite' },
      security: { access: 'readwrite' },
      audit: { access: 'write', only: ['PutItem'] },
      config: { access: 'read' },
    },
    sms: 'send',
    userPools: bothPools({
      // The phone the product verified becomes the account's second factor (admin calls: no user token can).
      admin: ['AdminGetUser', 'AdminUpdateUserAttributes', 'AdminSetUserMFAPreference'],
      clientSecret: true,
    }),
    // ≈ 700 logins/s at the M4 peak × 0.3 s (two Cognito calls + DynamoDB).
    clickDayConcurrency: 300,
  },
  me: {
    purpose: 'GET /me: the caller profile and the bound token (withheld from M4).',
    tables: {
      // UpdateItem: the session's last use (R11), written at most once a minute.
      security: { access: 'readwrite', only: ['GetItem', 'UpdateItem'] },
      claims: { access: 'read' },
      applications: { access: 'read' },
      // The application's timetable: from M4 the token is withheld.
      config: { access: 'read' },
    },
    userPools: bothPools({ admin: ['AdminGetUser'] }),
  },
  admin: {
    purpose: 'R12: companies of the PEC, token reset (participant deleted, claims freed, both notified).',
    tables: {
      applications: { access: 'readwrite', only: ['GetItem', 'Query', 'UpdateItem'] },
      claims: { access: 'readwrite' },
      security: { access: 'readwrite' },
      audit: { access: 'write', only: ['PutItem'] },
      config: { access: 'read' },
    },
    userPools: {
      participant: { admin: ['AdminGetUser', 'AdminDeleteUser'] },
      // AdminGetUser: the caller's PEC (access tokens carry no e-mail).
      admin: { admin: ['AdminGetUser'] },
    },
    notificationsTopic: 'publish',
  },
  counter: {
    purpose: 'R13–R16: status, forms, the first send (one transaction), receipts, the JWKS.',
    tables: {
      // The send: TransactWriteItems = Put(sends, attribute_not_exists) + Update(applications, bound and not annulled).
      sends: { access: 'readwrite', only: ['PutItem', 'GetItem'] },
      // Query: the byParticipant index (caller → token) and the byList index (NCD totals, R17c); BatchGetItem: the
      // send reads application, timetables, allocation and its rate window in one request.
      applications: { access: 'readwrite', only: ['GetItem', 'UpdateItem', 'Query', 'BatchGetItem'] },
      // UpdateItem: the refused-send counter (atomic ADD) and the session's last use (R11).
      security: { access: 'readwrite', only: ['GetItem', 'Query', 'UpdateItem', 'BatchGetItem'] },
      // BatchGetItem: the candidate timetables of an application's scopes in one read. PutItem: the receipt key's
      // certificate, once (a conditional put).
      config: { access: 'readwrite', only: ['GetItem', 'Query', 'BatchGetItem', 'PutItem'] },
    },
    // The client secret: the send form's HMAC key is derived from it (adapters/secrets.ts).
    userPools: { participant: { admin: [], clientSecret: true } },
    sendQueue: 'send',
    receiptKey: 'certify',
    // The receipt's inclusion proof: the log head and leaf index (config GetItem/BatchGetItem) and the tiles.
    logFiles: 'read',
    // 30,000 req/s in the first seconds after M5 × 0.08 s per form or send.
    clickDayConcurrency: 2_500,
  },
  lists: {
    purpose: 'GET /lists: the index of published lists.',
    listsBucket: 'read',
    memoryMb: 512,
  },
};

export type TriggerName =
  | 'access-scope'
  | 'sends-consumer'
  | 'reconciler'
  | 'registration-sweeper'
  | 'notification-sender'
  | 'origin-secret-rotation'
  | 'ncd-freezer';

export interface TriggerDefinition extends FunctionNeeds {
  /**
   * How the trigger is invoked: per user pool (one function per portal, auth stack), by the send queue, by the
   * notifications' delivery queue, on a schedule, or by Secrets Manager's rotation (web stack, which knows the
   * distribution).
   */
  readonly invokedBy: 'preTokenGeneration' | 'sendQueue' | 'notificationQueue' | 'schedule' | 'secretRotation';
  /** For `schedule`: minutes between runs (an EventBridge rate rule). */
  readonly everyMinutes?: number;
}

export const TRIGGER_NEEDS: Readonly<Record<TriggerName, TriggerDefinition>> = {
  'access-scope': {
    purpose:
      'Pre token generation (V2): adds the portal scope to access tokens, which API Gateway authorizers require.',
    invokedBy: 'preTokenGeneration',
    memoryMb: 256,
    timeoutSeconds: 5,
  },
  'sends-consumer': {
    purpose:
      'Consumes sends.fifo: live provisional ranking (by recorded arrival), receipt notification, one log append per batch.',
    invokedBy: 'sendQueue',
    tables: {
      sends: { access: 'read', only: ['GetItem'] },
      applications: { access: 'read', only: ['GetItem'] },
      // The live ranking: atomic updates of per-list entries, read back in arrival order. The log: its head
      // (conditional PutItem), its leaf index (BatchGetItem, BatchWriteItem) and its served checkpoint.
      config: {
        access: 'readwrite',
        only: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'BatchGetItem', 'BatchWriteItem'],
      },
    },
    sendQueue: 'consume',
    notificationsTopic: 'publish',
    logFiles: 'write',
    logKey: 'sign',
    timeoutSeconds: 30,
  },
  reconciler: {
    purpose:
      'Republishes the send event of every send the consumer has not filed 2 minutes after its arrival (publish lost), and appends to the log every send it lacks.',
    invokedBy: 'schedule',
    everyMinutes: 5,
    tables: {
      // Sends per list through the sends index byListBucket; filed entries per list; each record by key. No Scan.
      // The log as the consumer writes it (head, leaf index, served checkpoint) in the config table.
      config: { access: 'readwrite', only: ['GetItem', 'Query', 'PutItem', 'BatchGetItem', 'BatchWriteItem'] },
      sends: { access: 'read', only: ['GetItem', 'Query'] },
    },
    sendQueue: 'send',
    logFiles: 'write',
    logKey: 'sign',
    timeoutSeconds: 300,
  },
  'notification-sender': {
    purpose: 'Delivers the notifications topic: receipts and notices by e-mail (SES v2) or SMS (SNS).',
    invokedBy: 'notificationQueue',
    notifications: 'deliver',
    memoryMb: 256,
    timeoutSeconds: 30,
  },
  'origin-secret-rotation': {
    purpose:
      'Rotates the origin secret every 30 days: new value, accepted by the web ACL beside the current one, sent by ' +
      'CloudFront, then made current.',
    invokedBy: 'secretRotation',
    originRotation: true,
    timeoutSeconds: 120,
    memoryMb: 256,
  },
  'ncd-freezer': {
    purpose:
      'R22a: freezes the NCD decision of each axis once registration has closed for all its lists (then only reads).',
    invokedBy: 'schedule',
    everyMinutes: 1,
    tables: {
      // byList index: each list's demand, once per axis. Config: timetables, allocations, decisions (Query); the
      // axis's decisions are conditional puts in one TransactWriteItems (per-item PutItem).
      applications: { access: 'read', only: ['Query'] },
      config: { access: 'readwrite', only: ['Query', 'PutItem'] },
      audit: { access: 'write', only: ['PutItem'] },
    },
    timeoutSeconds: 300,
  },
  'registration-sweeper': {
    purpose: 'Deletes accounts whose e-mail was not confirmed within 24 hours, with their registration records.',
    invokedBy: 'schedule',
    everyMinutes: 60,
    tables: { security: { access: 'readwrite' }, audit: { access: 'write', only: ['PutItem'] } },
    userPools: bothPools({ admin: ['ListUsers', 'AdminDeleteUser'] }),
    timeoutSeconds: 300,
  },
};

export type FunctionName = HandlerName | TriggerName;

/** The needs of one deployed function, handler or trigger. */
export function needsOf(name: FunctionName): FunctionNeeds {
  return name in HANDLER_NEEDS ? HANDLER_NEEDS[name as HandlerName] : TRIGGER_NEEDS[name as TriggerName];
}
