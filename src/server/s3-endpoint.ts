/**
 * @module The S3 endpoint (REST-XML): address (bucket from Host or path), detect the operation, decode an
 * aws-chunked body, parse the input by walking its shape, run the handler, serialize the output; any S3Error is
 * rendered once as S3's `<Error>` document (no body for HEAD); any other error is logged and answered as 500
 * InternalError.
 */
import { reportInternal } from './fault-report.js';
import { createHash, randomBytes } from 'node:crypto';
import { isAwsError } from '../errors/aws-error.js';
import { S3Error, s3Errors } from '../errors/s3.js';
import { regionInfo } from '../model/regions.js';
import type { ObjectStore } from '../persistence/object-store.js';
import { ChunkFramingError, decodeAwsChunked } from '../protocol/rest-xml/aws-chunked.js';
import type { RestParseErrors } from '../protocol/rest-xml/parse.js';
import { parseRestInput } from '../protocol/rest-xml/parse.js';
import { detectOperation, resolveAddress } from '../protocol/rest-xml/s3-addressing.js';
import { serializeRestError, serializeRestOutput } from '../protocol/rest-xml/serialize.js';
import type { ServiceCall } from '../services/call.js';
import type { S3Context, S3Output } from '../services/s3/context.js';
import { answerPreflight, corsHeadersFor } from '../services/s3/cors.js';
import { S3_HANDLERS } from '../services/s3/index.js';
import type { S3Storage } from '../services/s3/storage.js';
import { s3Model } from '../specs/s3-model.js';
import { checkPresigned } from './presigned.js';
import type { RawRequest, RawResponse } from './raw-http.js';
import type { StagedUpload } from './s3-upload-stream.js';

export const PARSE_ERRORS: RestParseErrors = {
  invalidValue: (name, value, type) => s3Errors.invalidArgument(`Invalid ${type} value for ${name}`, name, value),
  malformedBody: () => s3Errors.malformedXml(),
};

const HEX64 = /^[0-9a-f]{64}$/;

function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const [k, v] of new URLSearchParams(query)) if (k !== 'x-id') out.set(k, v);
  return out;
}

/** A streamed upload's framing and trailers, as `unchunk` does for a buffered body. */
function unchunkStaged(headers: Record<string, string>, staged: StagedUpload): void {
  const sha = headers['x-amz-content-sha256'] ?? '';
  const encoding = headers['content-encoding'] ?? '';
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return;
  const rest = encoding.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'aws-chunked');
  if (sha.startsWith('STREAMING-')) {
    if (staged.framingError) throw s3Errors.incompleteBody();
    const declared = headers['x-amz-decoded-content-length'];
    if (declared !== undefined && Number(declared) !== staged.body.size) throw s3Errors.incompleteBody();
    for (const [k, v] of Object.entries(staged.trailers)) if (k.startsWith('x-amz-checksum-')) headers[k] = v;
  }
  if (rest.length > 0) headers['content-encoding'] = rest.join(',');
  else delete headers['content-encoding'];
}

/** Decode an aws-chunked body, merge its trailers into the headers, drop `aws-chunked` from Content-Encoding. */
function unchunk(headers: Record<string, string>, body: Buffer): Buffer {
  const encoding = headers['content-encoding'] ?? '';
  const sha = headers['x-amz-content-sha256'] ?? '';
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return body;
  const rest = encoding.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'aws-chunked');
  if (!sha.startsWith('STREAMING-')) {
    // AWS: `Content-Encoding: aws-chunked` on a request whose payload is not streamed (x-amz-content-sha256 a hex
    // digest or UNSIGNED-PAYLOAD) stores the body as sent; only the aws-chunked token leaves the stored encoding.
    if (rest.length > 0) headers['content-encoding'] = rest.join(',');
    else delete headers['content-encoding'];
    return body;
  }
  let decoded;
  try {
    decoded = decodeAwsChunked(body);
  } catch (e) {
    if (e instanceof ChunkFramingError) throw s3Errors.incompleteBody();
    throw e;
  }
  const declared = headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== decoded.data.length) throw s3Errors.incompleteBody();
  for (const [k, v] of Object.entries(decoded.trailers)) if (k.startsWith('x-amz-checksum-')) headers[k] = v;
  if (rest.length > 0) headers['content-encoding'] = rest.join(',');
  else delete headers['content-encoding'];
  return decoded.data;
}

function hostIdOf(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64');
}

/**
 * An error no S3 rule produced (a bug, a store failure): logged with its stack, answered as S3's
 * `500 InternalError` "We encountered an internal error. Please try again." with the request id.
 */
function internalError(e: unknown): S3Error {
  reportInternal('s3', e);
  return new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
}

export function handleS3(objects: ObjectStore, req: RawRequest, call: ServiceCall): RawResponse | Promise<RawResponse> {
  const store: S3Storage = objects;
  const hostId = hostIdOf(call.requestId);
  let operation: string | undefined;
  let bucket: string | undefined;
  try {
    const query = parseQuery(req.query);
    // AWS: a presigned URL's validity is checked before anything it addresses is looked up.
    checkPresigned(query, Date.now());
    const addr = resolveAddress(req.headers['host'] ?? '', req.path);
    bucket = addr.bucket;
    // AWS: a CORS preflight (OPTIONS) is unsigned and answered from the bucket's CORS rules alone.
    if (req.method === 'OPTIONS') {
      const headers = { ...answerPreflight(store, addr.bucket, addr.key, req.headers), 'x-amz-request-id': call.requestId, 'x-amz-id-2': hostId };
      return { status: 200, headers, operation: 'PreflightCors' };
    }
    const detected = detectOperation(req.method, addr, query, req.headers, (op) => S3_HANDLERS[op] !== undefined);
    if (detected.kind === 'unserved') throw s3Errors.notImplemented(detected.what);
    if (detected.kind === 'method-not-allowed') throw s3Errors.methodNotAllowed(req.method, detected.resourceType);
    operation = detected.operation;
    // AWS: a credential scoped to a region that does not exist is refused as a wrong region; requests that name a
    // bucket are told the bucket's region by the bucket lookup instead.
    // SigV4-signed (header or presigned query): the credential scope names a region.
    const signed = (req.headers['authorization'] ?? '').startsWith('AWS4-HMAC-SHA256') || query.has('X-Amz-Credential');
    if ((addr.bucket === undefined || operation === 'CreateBucket') && signed && regionInfo(call.caller.region) === undefined) {
      throw s3Errors.wrongRegion(call.caller.region, 'us-east-1');
    }
    const spec = s3Model.operations[operation]!;
    const headers: Record<string, string> = { ...req.headers };
    const staged = req.staged;
    if (staged !== undefined) unchunkStaged(headers, staged);
    const body = staged !== undefined ? req.body : unchunk(headers, req.body);
    const sha = headers['x-amz-content-sha256'];
    if (sha !== undefined && HEX64.test(sha) && (staged !== undefined ? staged.body.size : body.length) > 0) {
      // AWS: a declared payload digest that is not the body's refuses the request; nothing is stored.
      const computed = staged !== undefined ? staged.sha256 : createHash('sha256').update(body).digest('hex');
      if (computed !== sha) throw s3Errors.contentSha256Mismatch(sha, computed);
    }
    const labels: Record<string, string> = {};
    if (addr.bucket !== undefined) labels['Bucket'] = addr.bucket;
    if (addr.key !== undefined) labels['Key'] = addr.key;
    const input = spec.input ? parseRestInput(s3Model, spec.input, { headers, query, labels, body }, PARSE_ERRORS) : {};
    // A streamed upload's body is the staged content (the handler moves it into place).
    if (staged !== undefined) input['Body'] = staged.body;
    const ctx: S3Context = {
      store, call, headers, body, method: req.method, query,
      now: Date.now,
      // Never starting with '-' (or '_'): the AWS CLI would read `--upload-id -abc` as an option.
      newId: () => randomBytes(30).toString('base64url').replace(/^[-_]/, 'A'),
      signed,
      ...(addr.hostRegion !== undefined ? { hostRegion: addr.hostRegion } : {}),
    };
    const answered = S3_HANDLERS[operation]!(ctx, input);
    const op = operation;
    const finish = (out: S3Output): RawResponse => respond(store, req, call, hostId, spec, op, bucket, out);
    if (answered instanceof Promise) return answered.then(finish).catch((caught: unknown) => failure(store, req, call, hostId, operation, bucket, caught));
    return finish(answered);
  } catch (caught) {
    return failure(store, req, call, hostId, operation, bucket, caught);
  }
}

/** A handler's output as S3's answer: serialized by the operation's shape, with S3's ids and CORS headers. */
function respond(store: S3Storage, req: RawRequest, call: ServiceCall, hostId: string, spec: NonNullable<(typeof s3Model.operations)[string]>, operation: string, bucket: string | undefined, out: S3Output): RawResponse {
  const isHead = req.method === 'HEAD';
  const res = serializeRestOutput(s3Model, spec, out);
  if (out.$status !== undefined) res.status = out.$status;
  if (out.$headers) Object.assign(res.headers, out.$headers);
  res.headers['x-amz-request-id'] = call.requestId;
  res.headers['x-amz-id-2'] = hostId;
  Object.assign(res.headers, corsHeadersFor(store, bucket, req.method, req.headers['origin']));
  if (res.status === 304 || res.status === 204) {
    delete res.body;
    delete res.headers['content-length'];
  }
  if (isHead) delete res.body;
  const answer: { -readonly [K in keyof RawResponse]: RawResponse[K] } = { status: res.status, headers: res.headers, operation };
  if (res.body !== undefined) answer.body = res.body;
  return answer;
}

/** An error as S3's answer: the `<Error>` document (no body for HEAD); a non-S3 error is logged and answered 500. */
function failure(store: S3Storage, req: RawRequest, call: ServiceCall, hostId: string, operation: string | undefined, bucket: string | undefined, caught: unknown): RawResponse {
  const isHead = req.method === 'HEAD';
  const e = isAwsError(caught) ? caught : internalError(caught);
  const extra = e instanceof S3Error ? e.extra : {};
  const headers: Record<string, string> = {
    ...(e instanceof S3Error ? e.headers : {}),
    'x-amz-request-id': call.requestId, 'x-amz-id-2': hostId,
    ...(req.method === 'OPTIONS' ? {} : corsHeadersFor(store, bucket, req.method, req.headers['origin'])),
  };
  const answer: { -readonly [K in keyof RawResponse]: RawResponse[K] } = {
    status: e.httpStatus, headers, errorCode: e.code, errorMessage: e.message,
  };
  if (operation !== undefined) answer.operation = operation;
  // AWS: HEAD errors carry no body; clients derive the error from the status.
  if (!isHead) {
    headers['content-type'] = 'application/xml';
    answer.body = serializeRestError(e.code, e.message, extra, call.requestId, hostId);
  }
  return answer;
}
