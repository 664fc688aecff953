/**
 * @module `Expect: 100-continue` for S3: before a client sends a body, the request is addressed, its bucket looked
 * up and the caller authorized for the operation's action, so a request S3 would refuse is answered with its final
 * error status (no 100 Continue, body never read), as S3 does. Only refusals that do not depend on the body are
 * decided here; anything else gets 100 Continue and goes through the full pipeline, which decides again.
 */
import { createHash } from 'node:crypto';
import { isAwsError } from '../errors/aws-error.js';
import { S3Error } from '../errors/s3.js';
import { detectOperation, resolveAddress } from '../protocol/rest-xml/s3-addressing.js';
import { serializeRestError } from '../protocol/rest-xml/serialize.js';
import type { ServiceCall } from '../services/call.js';
import { authorize, bucketArn, objectArn, requireBucket } from '../services/s3/access.js';
import type { S3Context } from '../services/s3/context.js';
import { S3_HANDLERS } from '../services/s3/index.js';
import type { S3Storage } from '../services/s3/storage.js';
import { checkPresigned } from './presigned.js';
import type { RawResponse } from './raw-http.js';
import { parseRestInput } from '../protocol/rest-xml/parse.js';
import { s3Model } from '../specs/s3-model.js';
import { creationKeys, type ConditionKeys } from '../services/s3/condition-keys.js';
import { writeRequest } from '../services/s3/write-extras.js';
import { PARSE_ERRORS } from './s3-endpoint.js';

/**
 * The action each body-carrying operation is authorized for, on the object (or, for bucket operations, the bucket),
 * asked with the same condition keys the handler passes (`keysOf`): an Allow or Deny conditioned on them
 * (`s3:x-amz-acl`...) must decide here as it will there.
 */
const OBJECT_ACTIONS: Readonly<Record<string, string>> = {
  PutObject: 's3:PutObject', UploadPart: 's3:PutObject', CompleteMultipartUpload: 's3:PutObject',
};
const BUCKET_ACTIONS: Readonly<Record<string, string>> = { PutBucketPolicy: 's3:PutBucketPolicy' };

/** The condition keys the handler of `operation` authorizes with, from the request's headers (the body is not read). */
function keysOf(operation: string, ctx: S3Context, addr: { bucket?: string; key?: string }, query: ReadonlyMap<string, string>): ConditionKeys | undefined {
  switch (operation) {
    case 'PutObject': {
      const spec = s3Model.operations['PutObject']!;
      let input: Record<string, unknown>;
      try {
        const labels: Record<string, string> = { Bucket: addr.bucket ?? '', Key: addr.key ?? '' };
        input = parseRestInput(s3Model, spec.input!, { headers: { ...ctx.headers }, query, labels, body: Buffer.alloc(0) }, PARSE_ERRORS);
      } catch {
        return undefined;
      }
      return writeRequest(ctx, input, true).keys;
    }
    case 'UploadPart': return creationKeys(ctx, false);
    case 'CompleteMultipartUpload': return creationKeys(ctx, true);
    default: return {};
  }
}

export interface PrecheckRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The final answer to send instead of 100 Continue, or undefined to read the body and serve the request. */
export function precheckS3(store: S3Storage, req: PrecheckRequest, call: ServiceCall): RawResponse | undefined {
  try {
    const query = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(req.query)) if (k !== 'x-id') query.set(k, v);
    checkPresigned(query, Date.now());
    const addr = resolveAddress(req.headers['host'] ?? '', req.path);
    const detected = detectOperation(req.method, addr, query, req.headers, (op) => S3_HANDLERS[op] !== undefined);
    if (detected.kind !== 'operation' || addr.bucket === undefined || detected.operation === 'CreateBucket') return undefined;
    const auth = req.headers['authorization'] ?? '';
    const ctx: S3Context = {
      store, call, headers: req.headers, body: Buffer.alloc(0), method: req.method, now: Date.now, newId: () => '',
      signed: auth.startsWith('AWS4-HMAC-SHA256') || query.has('X-Amz-Credential'),
      ...(addr.hostRegion !== undefined ? { hostRegion: addr.hostRegion } : {}),
    };
    const b = requireBucket(ctx, addr.bucket);
    const objectAction = OBJECT_ACTIONS[detected.operation];
    if (objectAction !== undefined && addr.key !== undefined) {
      const keys = keysOf(detected.operation, ctx, addr, query);
      // A request whose headers do not parse is left to the full pipeline, which answers the parse error.
      if (keys === undefined) return undefined;
      authorize(ctx, objectAction, objectArn(b.name, addr.key), b, keys);
    }
    const bucketAction = BUCKET_ACTIONS[detected.operation];
    if (bucketAction !== undefined) authorize(ctx, bucketAction, bucketArn(b.name), b);
    return undefined;
  } catch (caught) {
    // Anything but an S3 refusal (a bug) is left to the full pipeline, which reports it.
    if (!isAwsError(caught)) return undefined;
    const e = caught;
    const hostId = createHash('sha256').update(call.requestId).digest('base64');
    const headers: Record<string, string> = {
      ...(e instanceof S3Error ? e.headers : {}), 'x-amz-request-id': call.requestId, 'x-amz-id-2': hostId, connection: 'close',
    };
    const answer: { -readonly [K in keyof RawResponse]: RawResponse[K] } = { status: e.httpStatus, headers, errorCode: e.code, errorMessage: e.message };
    if (req.method !== 'HEAD') {
      headers['content-type'] = 'application/xml';
      answer.body = serializeRestError(e.code, e.message, e instanceof S3Error ? e.extra : {}, call.requestId, hostId);
    }
    return answer;
  }
}
