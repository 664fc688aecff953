/**
 * @module Answers for requests signed with credentials vpce issued that no longer work (an `Inactive` or deleted
 * user key, an expired or unknown session), in each service's own error format. Other unknown keys are not
 * refused: they belong to the default account (see identity.ts), so examples with made-up keys keep working.
 */
import { AwsError } from '../errors/aws-error.js';
import { serializeError } from '../protocol/ec2-query/serialize.js';
import { serializeQueryError } from '../protocol/query/serialize.js';
import { serializeRestError } from '../protocol/rest-xml/serialize.js';
import { elbv2Model } from '../specs/elbv2-model.js';
import { iamModel } from '../specs/iam-model.js';
import { stsModel } from '../specs/sts-model.js';
import type { ServiceName } from './gate.js';
import type { RawResponse } from './raw-http.js';

export type CredentialProblem = 'invalid' | 'expired';

/** The error a service answers for bad credentials (codes and statuses as each service documents them). */
export function credentialError(service: ServiceName, problem: CredentialProblem, accessKeyId: string, requestId: string): RawResponse {
  const expired = problem === 'expired';
  switch (service) {
    case 's3': {
      // AWS (S3 "Error responses"): InvalidAccessKeyId 403; ExpiredToken 400.
      const [code, message, status] = expired
        ? ['ExpiredToken', 'The provided token has expired.', 400]
        : ['InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403];
      const body = serializeRestError(code, message, { AWSAccessKeyId: accessKeyId }, requestId, requestId);
      return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body, errorCode: code, errorMessage: message };
    }
    case 'dynamodb': {
      // AWS (DynamoDB "Error handling"): UnrecognizedClientException / ExpiredTokenException, both 400.
      const [code, message] = expired
        ? ['ExpiredTokenException', 'The security token included in the request is expired']
        : ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
      const body = JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message });
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId }, body, errorCode: code, errorMessage: message };
    }
    case 'ec2': {
      const error = new AwsError('AuthFailure', expired ? 'AWS was not able to validate the provided access credentials: the security token is expired.' : 'AWS was not able to validate the provided access credentials', 401);
      return { status: 401, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId }, body: serializeError(error, requestId), errorCode: error.code, errorMessage: error.message };
    }
    case 'iam': case 'sts': case 'elasticloadbalancing': {
      const error = expired
        ? new AwsError('ExpiredToken', 'The security token included in the request is expired', 400)
        : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      const model = service === 'iam' ? iamModel : service === 'sts' ? stsModel : elbv2Model;
      return { status: error.httpStatus, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: serializeQueryError(model, error, requestId), errorCode: error.code, errorMessage: error.message };
    }
  }
}
