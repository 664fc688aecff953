/**
 * @module How big a request body each API accepts, and the answer when it is bigger, in the service's own error
 * format. Checked from Content-Length before any byte is read, and again while the body arrives (chunked or
 * lying requests), so an oversized body is never buffered. Buffered (non-upload) bodies also share one budget
 * across concurrent requests: a request that would pass it is refused with the service's retryable throttling
 * error instead of growing memory without bound.
 */
import { AwsError } from '../errors/aws-error.js';
import { s3Errors, type S3Error } from '../errors/s3.js';
import { serializeError } from '../protocol/ec2-query/serialize.js';
import { serializeQueryError } from '../protocol/query/serialize.js';
import { serializeRestError } from '../protocol/rest-xml/serialize.js';
import { elbv2Model } from '../specs/elbv2-model.js';
import { iamModel } from '../specs/iam-model.js';
import { stsModel } from '../specs/sts-model.js';
import type { ServiceName } from './gate.js';
import type { RawResponse } from './raw-http.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** AWS (S3 PutObject, UploadPart): one request uploads at most 5 GiB; larger objects use multipart upload. */
export const S3_UPLOAD_MAX = 5 * GiB;
/**
 * S3 bodies other than uploads (XML configurations, DeleteObjects, CompleteMultipartUpload): AWS documents no
 * byte limit; the largest valid ones (1,000 DeleteObjects keys of 1,024 bytes, 10,000 completed parts) stay
 * under 4 MiB, so vpce reads at most 10 MiB.
 */
export const S3_MESSAGE_MAX = 10 * MiB;
/** AWS (DynamoDB quotas): a request (BatchWriteItem, the largest) is at most 16 MB, DynamoDB's MB being 2^20 bytes. */
export const DYNAMODB_MAX = 16 * MiB;
/**
 * EC2, ELBv2, IAM and STS Query form bodies: AWS documents no byte limit; the largest valid requests (an IAM
 * policy document of 131,072 characters percent-encoded, 1,000 ids) stay far below 1 MiB, which vpce accepts.
 */
export const QUERY_MAX = 1 * MiB;

/**
 * Parameters in one Query request (form body and query string): AWS documents no count; the largest valid
 * requests (1,000 ids with 200 filter values, 1,000 targets, 1,000 resources with 50 tags) stay under 3,000, so
 * vpce accepts 5,000. The count is taken from the raw bytes before anything is decoded, so a 1 MiB body of tiny
 * parameters costs no parsing.
 */
export const MAX_QUERY_PARAMETERS = 5_000;

/** Parameters in a form body (`&`-separated), counted without decoding. */
export function formParameterCount(body: Buffer): number {
  if (body.length === 0) return 0;
  let n = 1;
  for (let at = body.indexOf(0x26); at >= 0; at = body.indexOf(0x26, at + 1)) n++;
  return n;
}

/** The answer to a Query request with more parameters than vpce reads: 413 RequestEntityTooLarge, as `tooLarge`. */
export function tooManyParameters(service: ServiceName, count: number, requestId: string): RawResponse {
  return answer(service, requestId, s3Errors.maxMessageLengthExceeded(), 'RequestEntityTooLarge',
    `Request has ${count} parameters; at most ${MAX_QUERY_PARAMETERS} are accepted`, 413);
}

/** Bytes of buffered (non-upload) bodies in flight across all requests at once. */
export const BUFFERED_BUDGET = 64 * MiB;

/** The most bytes a body may have for this service (`upload`: an S3 PutObject/UploadPart body, streamed to disk). */
export function bodyLimit(service: ServiceName, upload: boolean): number {
  switch (service) {
    case 's3': return upload ? S3_UPLOAD_MAX : S3_MESSAGE_MAX;
    case 'dynamodb': return DYNAMODB_MAX;
    case 'ec2': case 'elasticloadbalancing': case 'iam': case 'sts': return QUERY_MAX;
  }
}

/** A refusal in each service's format: `s3` as S3Error, DynamoDB as JSON, the Query APIs as their XML. */
function answer(service: ServiceName, requestId: string, s3: S3Error, code: string, message: string, status: number): RawResponse {
  switch (service) {
    case 's3': {
      const body = serializeRestError(s3.code, s3.message, s3.extra, requestId, requestId);
      return { status: s3.httpStatus, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body, errorCode: s3.code, errorMessage: s3.message };
    }
    case 'dynamodb': {
      const body = JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message });
      return { status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId }, body, errorCode: code, errorMessage: message };
    }
    case 'ec2': {
      const error = new AwsError(code, message, status);
      return { status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: serializeError(error, requestId), errorCode: code, errorMessage: message };
    }
    case 'iam': case 'sts': case 'elasticloadbalancing': {
      const error = new AwsError(code, message, status);
      const model = service === 'iam' ? iamModel : service === 'sts' ? stsModel : elbv2Model;
      return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: serializeQueryError(model, error, requestId), errorCode: code, errorMessage: message };
    }
  }
}

/**
 * The answer to a body past its limit. S3: EntityTooLarge for an upload (with the proposed and allowed sizes),
 * MaxMessageLengthExceeded for anything else (both 400, as S3 documents them). The other APIs document no answer
 * of their own for an oversized body: vpce answers HTTP 413 with code RequestEntityTooLarge in their format.
 */
export function tooLarge(service: ServiceName, upload: boolean, size: number, limit: number, requestId: string): RawResponse {
  const s3 = upload ? s3Errors.entityTooLarge(size, limit) : s3Errors.maxMessageLengthExceeded();
  return answer(service, requestId, s3, 'RequestEntityTooLarge', `Request body of ${size} bytes exceeds the maximum of ${limit} bytes`, 413);
}

/**
 * The answer when the buffered-body budget is spent: each service's retryable throttling error (S3 SlowDown 503,
 * DynamoDB ThrottlingException 400, EC2 RequestLimitExceeded 503, IAM/STS/ELBv2 Throttling 400), which SDKs retry.
 */
export function busy(service: ServiceName, requestId: string): RawResponse {
  switch (service) {
    case 'dynamodb': return answer(service, requestId, s3Errors.slowDown(), 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.', 400);
    case 'ec2': return answer(service, requestId, s3Errors.slowDown(), 'RequestLimitExceeded', 'Request limit exceeded.', 503);
    default: return answer(service, requestId, s3Errors.slowDown(), 'Throttling', 'Rate exceeded', 400);
  }
}
