/**
 * @module Answers for refused credentials (see `authenticate.ts`: unknown or deactivated keys, expired sessions,
 * wrong signatures or tokens, malformed authorization, skewed clocks), in each service's own error format.
 */
import { AwsError } from '../errors/aws-error.js';
import { serializeError } from '../protocol/ec2-query/serialize.js';
import { serializeQueryError } from '../protocol/query/serialize.js';
import { serializeRestError } from '../protocol/rest-xml/serialize.js';
import { elbv2Model } from '../specs/elbv2-model.js';
import { iamModel } from '../specs/iam-model.js';
import { stsModel } from '../specs/sts-model.js';
import type { CredentialProblem } from './authenticate.js';
import type { ServiceName } from './gate.js';
import type { RawResponse } from './raw-http.js';

export type { CredentialProblem };

const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const TOKEN_INVALID = 'The security token included in the request is invalid.';

/** AWS's "Signature expired" wording (DynamoDB, IAM, STS), for a request older or newer than 15 minutes. */
function skewMessage(p: Extract<CredentialProblem, { kind: 'skewed' }>): string {
  return p.requestTime < p.serverTime
    ? `Signature expired: ${p.requestTime} is now earlier than the server time ${p.serverTime} minus 15 minutes.`
    : `Signature not yet current: ${p.requestTime} is still later than the server time ${p.serverTime} plus 15 minutes.`;
}

/** Code, message, status and extra elements of S3's answer. */
function s3Answer(p: CredentialProblem, accessKeyId: string): [string, string, number, Record<string, string>] {
  const key = { AWSAccessKeyId: accessKeyId };
  switch (p.kind) {
    // AWS (S3 "Error responses"): InvalidAccessKeyId 403; ExpiredToken 400; InvalidToken 400; SignatureDoesNotMatch
    // 403 with the string to sign; RequestTimeTooSkewed 403 with both times; AuthorizationHeaderMalformed 400.
    case 'invalid': return ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, key];
    case 'expired': return ['ExpiredToken', 'The provided token has expired.', 400, {}];
    case 'token': return ['InvalidToken', 'The provided token is malformed or otherwise invalid.', 400, {}];
    case 'signature': return ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403,
      { ...key, StringToSign: p.stringToSign, SignatureProvided: p.signatureProvided }];
    case 'skewed': return ['RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403,
      { RequestTime: p.requestTime, ServerTime: p.serverTime, MaxAllowedSkewMilliseconds: '900000' }];
    case 'malformed': return ['AuthorizationHeaderMalformed', `The authorization header is malformed; ${p.reason}`, 400, {}];
    case 'missing': return ['AccessDenied', 'Access Denied', 403, {}];
    case 'presignExpired': return ['AccessDenied', 'Request has expired', 403, { Expires: p.expires, ServerTime: p.serverTime }];
  }
}

function dynamoAnswer(p: CredentialProblem): [string, string] {
  switch (p.kind) {
    // AWS (DynamoDB "Error handling"): all 400.
    case 'invalid': case 'token': return ['UnrecognizedClientException', TOKEN_INVALID];
    case 'expired': return ['ExpiredTokenException', 'The security token included in the request is expired'];
    case 'signature': return ['InvalidSignatureException', SIGNATURE_MISMATCH];
    case 'skewed': return ['InvalidSignatureException', skewMessage(p)];
    case 'malformed': return ['IncompleteSignatureException', p.reason];
    case 'missing': return ['MissingAuthenticationTokenException', 'Request is missing Authentication Token'];
    case 'presignExpired': return ['ExpiredTokenException', 'The security token included in the request is expired'];
  }
}

function ec2Answer(p: CredentialProblem): AwsError {
  switch (p.kind) {
    // AWS (EC2 "Error codes"): AuthFailure 401 for credentials that do not validate; IncompleteSignature,
    // RequestExpired 400; MissingAuthenticationToken 403.
    case 'expired': case 'presignExpired': return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials: the security token is expired.', 401);
    case 'invalid': case 'token': case 'signature': return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    case 'skewed': return new AwsError('RequestExpired', 'Request has expired.', 400);
    case 'malformed': return new AwsError('IncompleteSignature', p.reason, 400);
    case 'missing': return new AwsError('MissingAuthenticationToken', 'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.', 403);
  }
}

function queryAnswer(p: CredentialProblem): AwsError {
  switch (p.kind) {
    // AWS (IAM, STS, ELBv2 "Common errors"): InvalidClientTokenId and SignatureDoesNotMatch 403; ExpiredToken,
    // IncompleteSignature 400; MissingAuthenticationToken 403.
    case 'invalid': case 'token': return new AwsError('InvalidClientTokenId', TOKEN_INVALID, 403);
    case 'expired': case 'presignExpired': return new AwsError('ExpiredToken', 'The security token included in the request is expired', 400);
    case 'signature': return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403);
    case 'skewed': return new AwsError('SignatureDoesNotMatch', skewMessage(p), 403);
    case 'malformed': return new AwsError('IncompleteSignature', p.reason, 400);
    case 'missing': return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
}

/** The error a service answers for refused credentials (codes and statuses as each service documents them). */
export function credentialError(service: ServiceName, problem: CredentialProblem, accessKeyId: string, requestId: string): RawResponse {
  switch (service) {
    case 's3': {
      const [code, message, status, extra] = s3Answer(problem, accessKeyId);
      const body = serializeRestError(code, message, extra, requestId, requestId);
      return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body, errorCode: code, errorMessage: message };
    }
    case 'dynamodb': {
      const [code, message] = dynamoAnswer(problem);
      const body = JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message });
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId }, body, errorCode: code, errorMessage: message };
    }
    case 'ec2': {
      const error = ec2Answer(problem);
      return { status: error.httpStatus, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: serializeError(error, requestId), errorCode: error.code, errorMessage: error.message };
    }
    case 'iam': case 'sts': case 'elasticloadbalancing': {
      const error = queryAnswer(problem);
      const model = service === 'iam' ? iamModel : service === 'sts' ? stsModel : elbv2Model;
      return { status: error.httpStatus, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: serializeQueryError(model, error, requestId), errorCode: error.code, errorMessage: error.message };
    }
  }
}
