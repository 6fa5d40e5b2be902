/**
 * How each faultable service fails on the wire, reproduced byte for byte where it matters to the SDK, so that the
 * SDK's own deserializer, error classes and retry strategy handle an injected fault exactly as a real one.
 *
 * Throttling (HTTP answers):
 * - DynamoDB (AWS JSON 1.0): HTTP 400, `__type` `com.amazonaws.dynamodb.v20120810#ThrottlingException`, the message
 *   on-demand tables answer with ("Throughput exceeds the current capacity of your table or index. DynamoDB is
 *   automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a
 *   hot key: …"), and `throttlingReasons` naming the table (the member is spelled so on `ThrottlingException` in the
 *   DynamoDB model, unlike `ThrottlingReasons` on `ProvisionedThroughputExceededException`) (API reference, ThrottlingReason: `KeyRangeThroughputExceeded`
 *   is the one that applies to on-demand tables, "affecting both provisioned and on-demand modes"). Why
 *   `ThrottlingException` and not `ProvisionedThroughputExceededException`: the product's tables are on-demand
 *   (PAY_PER_REQUEST), and an on-demand table that is scaling answers `ThrottlingException` with that message — as seen
 *   in the field, e.g. github.com/praetorian-inc/chariot-ui/issues/684 (Go SDK v2, PutItem, 2024: "api error
 *   ThrottlingException: Throughput exceeds the current capacity of your table or index. DynamoDB is automatically
 *   scaling…") and github.com/cowinapi/developer.cowin/issues/151 (`"code":"ThrottlingException"`, 400, retryable);
 *   `ProvisionedThroughputExceededException` ("The level of configured provisioned throughput for the table was
 *   exceeded…") is the provisioned-capacity answer. Both are modeled on every data-plane operation (client-dynamodb
 *   `PutItemCommand` "@throws ThrottlingException"), both are retried by the SDK as throttling, and the product's
 *   `failures.ts` maps both to 503 UNAVAILABLE. `x-amz-crc32` is set as DynamoDB sets it on every answer.
 * - SQS (AWS JSON 1.0 with `awsQueryCompatible`, what client-sqs speaks since the 2023 JSON migration): the modeled
 *   throttling error is `RequestThrottled` with `@awsQueryError(code: "RequestThrottled", httpResponseCode: 403)` and
 *   `@httpError(403)` (client-sqs service model/schema). An SQS JSON error carries the query-compatible code in
 *   `x-amzn-query-error: <code>;Sender` and the shape in `__type` (SQS Developer Guide, "Interpreting Amazon SQS JSON
 *   API responses"): so HTTP 403, `x-amzn-query-error: RequestThrottled;Sender`,
 *   `{"__type":"com.amazonaws.sqs#RequestThrottled", …}`. The SDK builds its `RequestThrottled` class from it, and
 *   `RequestThrottled` is in the SDK's throttling error codes (retried with the throttling backoff).
 * - KMS (AWS JSON 1.1): HTTP 400 `{"__type":"ThrottlingException","message":"You have exceeded the rate at which you
 *   may call KMS. Reduce the frequency of your calls."}` — the message of the AWS KMS Developer Guide, "Throttling AWS
 *   KMS requests" ("Status Code: 400; Error Code: ThrottlingException"), and the raw body seen in the field
 *   (github.com/hyperlane-xyz/hyperlane-monorepo/pull/2391, 2023). The shorter "Rate exceeded" is what other services
 *   (SSM, CloudWatch, …) say, not KMS.
 *   Not modeled by client-kms: the SDK gives a `KMSServiceException` named `ThrottlingException`, as against AWS.
 *
 * Down: the error node's `http` raises when nothing listens at the endpoint — `connect ECONNREFUSED host:port` with
 * `code`, `errno`, `syscall`, `address` and `port` — which the node HTTP handler passes through unchanged and the SDK's
 * retry strategy classifies as transient (`ECONNREFUSED` is in its `NODEJS_TIMEOUT_ERROR_CODES`), retries, then
 * throws. It is thrown at once, as a refused connection on loopback fails at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { HttpResponse } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/types';
import type { FaultService } from './state.ts';

export const KMS_THROTTLING_MESSAGE =
  'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

export const DYNAMODB_THROTTLING_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or ' +
  'index so please try again shortly. If exceptions persist, check if you have a hot key: ' +
  'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';

/** DynamoDB operations that consume read capacity (the rest write): picks the `Table{Read|Write}…` reason. */
const DYNAMODB_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'ExecuteStatement']);

/** The account id the local cloud uses in ARNs (as the local KMS and LocalStack do). */
const LOCAL_ACCOUNT_ID = '000000000000';

function header(request: HttpRequest, name: string): string | undefined {
  const direct = request.headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : request.headers[key];
}

/** The region the request was signed for (SigV4 credential scope), where the DynamoDB table ARN needs one. */
function signedRegion(request: HttpRequest): string | undefined {
  return /Credential=[^/,]+\/\d{8}\/([^/,]+)\//.exec(header(request, 'authorization') ?? '')?.[1];
}

/** The body as the SDK hands it over: a string, or bytes (its JSON serializer's string-like `Uint8Array`). */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return undefined;
}

function tableName(request: HttpRequest): string | undefined {
  const text = bodyText(request.body);
  if (text === undefined) return undefined;
  try {
    const name = (JSON.parse(text) as { TableName?: unknown }).TableName;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

const json = (body: object) => Buffer.from(JSON.stringify(body), 'utf8');

function jsonResponse(statusCode: number, headers: Record<string, string>, payload: Buffer): HttpResponse {
  return new HttpResponse({
    statusCode,
    reason: statusCode === 403 ? 'Forbidden' : 'Bad Request',
    headers: {
      ...headers,
      'content-length': String(payload.length),
      date: new Date().toUTCString(),
    },
    body: Readable.from([payload]),
  });
}

export function throttlingResponse(service: FaultService, operation: string, request: HttpRequest): HttpResponse {
  switch (service) {
    case 'dynamodb': {
      const table = tableName(request);
      const region = signedRegion(request);
      const kind = DYNAMODB_READS.has(operation) ? 'Read' : 'Write';
      const body = {
        __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
        message: DYNAMODB_THROTTLING_MESSAGE,
        ...(table && region
          ? {
              throttlingReasons: [
                {
                  reason: `Table${kind}KeyRangeThroughputExceeded`,
                  resource: `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT_ID}:table/${table}`,
                },
              ],
            }
          : {}),
      };
      const payload = json(body);
      return jsonResponse(
        400,
        {
          'content-type': 'application/x-amz-json-1.0',
          // DynamoDB request ids: 52 upper-case alphanumerics.
          'x-amzn-requestid': randomBytes(26).toString('hex').toUpperCase(),
          'x-amz-crc32': String(crc32(payload)),
        },
        payload,
      );
    }
    case 'sqs':
      return jsonResponse(
        403,
        {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
          'x-amzn-query-error': 'RequestThrottled;Sender',
        },
        json({ __type: 'com.amazonaws.sqs#RequestThrottled', message: 'Request is throttled.' }),
      );
    case 'kms':
      return jsonResponse(
        400,
        { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
        json({ __type: 'ThrottlingException', message: KMS_THROTTLING_MESSAGE }),
      );
  }
}

/** Node's `connect ECONNREFUSED` error for the request's host and port. */
export function refusedConnection(request: HttpRequest): Error {
  const address = request.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = request.port ?? (request.protocol === 'https:' ? 443 : 80);
  return Object.assign(new Error(`connect ECONNREFUSED ${address}:${port}`), {
    errno: -constants.errno.ECONNREFUSED,
    code: 'ECONNREFUSED',
    syscall: 'connect',
    address,
    port,
  });
}
