/**
 * The one description of every stateful resource: DynamoDB tables (keys, indexes, TTL), the send queue, topics,
 * buckets and the two Cognito user pools. The CDK stacks (`lib/`) and the local cloud (`local/`) both build their
 * resources from here, so a key or an index cannot differ between AWS and a laptop.
 * Handlers learn the physical names from the environment variables named here.
 */

export type KeyType = 'S' | 'N';
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /**
   * The non-key attributes the index carries (INCLUDE); absent: every attribute (ALL). A write that changes only
   * attributes an index does not carry does not write the index — how the send burst stays off hot index partitions.
   */
  readonly projection?: readonly string[];
}
export interface TableDefinition {
  /** Logical name, also the suffix of the physical name (`sportello-<stage>-<id>`). */
  readonly id: TableId;
  /** Environment variable that carries the physical table name into a Lambda. */
  readonly env: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, if the table uses DynamoDB TTL. */
  readonly ttlAttribute?: string;
  /** Sized for the click-day burst: the warm throughput the table is pre-warmed to on AWS. */
  readonly warmWritesPerSecond?: number;
  readonly warmReadsPerSecond?: number;
  readonly purpose: string;
}

export type TableId = 'applications' | 'claims' | 'sends' | 'security' | 'audit' | 'config';

export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  applications: {
    id: 'applications',
    env: 'APPLICATIONS_TABLE',
    partitionKey: { name: 'token', type: 'S' },
    indexes: [
      { name: 'byPec', partitionKey: { name: 'pec', type: 'S' }, sortKey: { name: 'token', type: 'S' } },
      // The counter finds the caller's application from the access token's `sub` (sparse: bound applications only).
      { name: 'byParticipant', partitionKey: { name: 'participantSub', type: 'S' } },
      // One list (region × axis): its requested total decides NCD (R17c, R22a). Only the amount is carried, so a send
      // (which sets sentAt and receiptId) never writes this index, whose partitions are whole regions.
      {
        name: 'byList',
        partitionKey: { name: 'region', type: 'S' },
        sortKey: { name: 'axis', type: 'S' },
        projection: ['requestedCents'],
      },
    ],
    warmReadsPerSecond: 40_000,
    warmWritesPerSecond: 20_000,
    purpose: 'Applications (domande): company, PEC, region, axis, amounts, participant binding, status.',
  },
  claims: {
    id: 'claims',
    env: 'CLAIMS_TABLE',
    partitionKey: { name: 'claim', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
    purpose: 'Uniqueness claims (R6): e-mail, PEC, phone per portal, token binding; each a conditional put.',
  },
  sends: {
    id: 'sends',
    env: 'SENDS_TABLE',
    partitionKey: { name: 'token', type: 'S' },
    indexes: [
      // The sends of one list, in 16 buckets (`Region#axis#<last hex digit of the token>`): the reconciler reads them
      // without a Scan, and no index partition takes a popular list's whole burst.
      {
        name: 'byListBucket',
        partitionKey: { name: 'listBucket', type: 'S' },
        sortKey: { name: 'arrivalTime', type: 'S' },
        projection: [],
      },
    ],
    warmWritesPerSecond: 20_000,
    warmReadsPerSecond: 20_000,
    purpose: 'First sends (R15): one item per token, written once with attribute_not_exists, with the receipt.',
  },
  security: {
    id: 'security',
    env: 'SECURITY_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
    warmReadsPerSecond: 40_000,
    warmWritesPerSecond: 20_000,
    purpose: 'Lockout counters per account and source (R10), current session per account (R11), rate limits.',
  },
  audit: {
    id: 'audit',
    env: 'AUDIT_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
    warmWritesPerSecond: 20_000,
    purpose: 'Append-only audit trail (R20) and rule evidence (R11, R19); items are only ever put if absent.',
  },
  config: {
    id: 'config',
    env: 'CONFIG_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
    // Every send reads its list's ≤ 6 configuration items strongly consistent (docs/deploy.md "DynamoDB").
    warmReadsPerSecond: 40_000,
    purpose: 'Configuration: timetables (global, per region, axis, region+axis), allocations, edition.',
  },
};

export interface QueueDefinition {
  readonly id: 'sends';
  readonly env: string;
  /** Physical name suffix; FIFO queues must end in `.fifo`. */
  readonly name: string;
  readonly dlqName: string;
  readonly fifo: true;
  /** High-throughput FIFO: deduplication per message group, throughput limit per group. */
  readonly highThroughput: true;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

export const SEND_QUEUE: QueueDefinition = {
  id: 'sends',
  env: 'SENDS_QUEUE_URL',
  name: 'sends.fifo',
  dlqName: 'sends-dlq.fifo',
  fifo: true,
  highThroughput: true,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
};

export interface TopicDefinition {
  readonly id: 'notifications';
  readonly env: string;
  readonly name: string;
}
export const NOTIFICATIONS_TOPIC: TopicDefinition = {
  id: 'notifications',
  env: 'NOTIFICATIONS_TOPIC_ARN',
  name: 'notifications',
};

/**
 * The notifications topic's delivery queue: an SQS subscription of the topic (SNS envelope, not raw delivery), with a
 * dead-letter queue, consumed by the notification sender (e-mail through SES, SMS through SNS).
 */
export const NOTIFICATION_QUEUE = {
  id: 'notification-deliveries',
  env: 'NOTIFICATION_QUEUE_URL',
  name: 'notification-deliveries',
  dlqName: 'notification-deliveries-dlq',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
} as const;

/**
 * The product's own e-mail (receipts, token-reset notices) through SES v2: the verified sender (`-c sesFromEmail`, the
 * same identity Cognito's codes use) and the configuration set that records bounces and complaints.
 */
export const MAIL = {
  fromEnv: 'MAIL_FROM',
  configurationSetEnv: 'MAIL_CONFIGURATION_SET',
  configurationSet: 'mail',
  /** Topic that receives the configuration set's bounce, complaint, reject and delivery-delay events. */
  feedbackTopic: 'mail-feedback',
  /** Where those events are kept for the operator (14 days). */
  feedbackQueue: 'mail-feedback',
} as const;

export interface BucketDefinition {
  readonly id: 'web' | 'lists';
  readonly env: string;
  readonly versioned: boolean;
  readonly purpose: string;
}
export const BUCKETS: Readonly<Record<BucketDefinition['id'], BucketDefinition>> = {
  web: { id: 'web', env: 'WEB_BUCKET', versioned: false, purpose: 'The built portals (web/dist).' },
  lists: {
    id: 'lists',
    env: 'LISTS_BUCKET',
    versioned: true,
    purpose: 'Published chronological lists (R18); every publication kept as its own version.',
  },
};

export type Portal = 'participant' | 'admin';
export const PORTALS: readonly Portal[] = ['participant', 'admin'];

export interface UserPoolDefinition {
  readonly portal: Portal;
  /** Environment variables carrying the pool id, the backend client id and its secret's location. */
  readonly env: { readonly poolId: string; readonly clientId: string; readonly clientSecret: string };
  readonly name: string;
  /** What the username is: the participant's e-mail or the administrator's PEC (both Cognito `email`). */
  readonly usernameIs: 'email';
  /**
   * Cognito's own policy is only a floor (length 8, no class flags): it cannot say "3 of 4 classes".
   * R7 is enforced by the backend before any call reaches Cognito.
   */
  readonly passwordMinLength: 8;
  /** Pool MFA is OPTIONAL; the product refuses any session without verified SMS MFA (DESIGN). */
  readonly mfa: 'OPTIONAL';
  readonly mfaTypes: readonly ['SMS'];
  readonly requiredAttributes: readonly ['email', 'given_name', 'family_name'];
  /** Auth flows of the backend client (it has a secret; no browser can use it). */
  readonly authFlows: readonly ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'];
  /** Access tokens live briefly; refresh keeps a click-day session alive. */
  readonly accessTokenMinutes: number;
  readonly refreshTokenHours: number;
  /** Resource-server scope each portal's routes require of an access token. */
  readonly scope: string;
  /**
   * Attributes the backend client may write (SignUp) and read. Not `phone_number`: the phone is set only by the backend
   * with admin calls, after its code was verified (R6).
   */
  readonly writeAttributes: readonly ['email', 'given_name', 'family_name'];
  readonly readAttributes: readonly string[];
}

/**
 * The scope that lets an access token call the user's own Cognito APIs (UpdateUserAttributes, ChangePassword,
 * SetUserMFAPreference, DeleteUser…). The pre token generation trigger suppresses it from every access token, so no
 * token the browser holds can act on the account outside the product (docs/accounts.md "What protects what").
 */
export const SELF_SERVICE_SCOPE = 'aws.cognito.signin.user.admin';

const poolBase = {
  usernameIs: 'email',
  passwordMinLength: 8,
  mfa: 'OPTIONAL',
  mfaTypes: ['SMS'],
  requiredAttributes: ['email', 'given_name', 'family_name'],
  authFlows: ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'],
  accessTokenMinutes: 60,
  refreshTokenHours: 12,
  writeAttributes: ['email', 'given_name', 'family_name'],
  readAttributes: ['email', 'email_verified', 'given_name', 'family_name', 'phone_number', 'phone_number_verified'],
} as const;

export const USER_POOLS: Readonly<Record<Portal, UserPoolDefinition>> = {
  participant: {
    ...poolBase,
    portal: 'participant',
    name: 'participants',
    scope: 'sportello/participant',
    env: {
      poolId: 'PARTICIPANT_POOL_ID',
      clientId: 'PARTICIPANT_CLIENT_ID',
      clientSecret: 'PARTICIPANT_CLIENT_SECRET',
    },
  },
  admin: {
    ...poolBase,
    portal: 'admin',
    name: 'administrators',
    scope: 'sportello/admin',
    env: { poolId: 'ADMIN_POOL_ID', clientId: 'ADMIN_CLIENT_ID', clientSecret: 'ADMIN_CLIENT_SECRET' },
  },
};

/** Physical name of a resource for a stage: `sportello-dev-applications`. */
export function physicalName(stage: string, id: string): string {
  return `sportello-${stage}-${id}`;
}
