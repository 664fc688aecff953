/**
 * @module EC2 error catalog. The EC2 model declares no errors, so codes, statuses and messages are written
 * here by hand from AWS's "Error codes for the Amazon EC2 API" page (see ../shared/spec/ERROR-CODES.md).
 * AWS: waiters compare these codes literally, hence `InvalidVpcID` (capital ID) but `InvalidVpcEndpointId`.
 */
import { AwsError } from './aws-error.js';

const e = (code: string, message: string, status = 400): AwsError => new AwsError(code, message, status);

export const ec2Errors = {
  invalidAction: (action: string) => e('InvalidAction', `The action ${action} is not valid for this web service.`),
  missingAction: () => e('MissingAction', 'The request must contain the parameter Action'),
  missingParameter: (name: string) => e('MissingParameter', `The request must contain the parameter ${name}`),
  invalidParameterValue: (message: string) => e('InvalidParameterValue', message),
  invalidParameter: (message: string) => e('InvalidParameter', message),
  invalidParameterCombination: (message: string) => e('InvalidParameterCombination', message),
  invalidFilter: (name: string) => e('InvalidParameterValue', `The filter '${name}' is invalid`),
  invalidNextToken: (token: string) => e('InvalidNextToken', `The token '${token}' is invalid.`),
  dryRun: () => e('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412),
  idempotentMismatch: (token: string) =>
    e('IdempotentParameterMismatch', `Client token ${token} has already been used with different parameters.`),
  authFailure: (message: string) => e('AuthFailure', message, 401),
  /** AWS: an action no policy allows answers UnauthorizedOperation (403), DryRun included. */
  unauthorized: (detail: string) => e('UnauthorizedOperation', `You are not authorized to perform this operation. ${detail}`, 403),
  internal: () => e('InternalError', 'An internal error has occurred', 500),
  notFound: (code: string, message: string) => e(code, message),
  malformed: (code: string, id: string, prefix: string) =>
    e(code, `Invalid id: "${id}" (expecting "${prefix}-...")`),
  dependencyViolation: (message: string) => e('DependencyViolation', message),
  invalidCidr: (parameter: string, value: string) =>
    e('InvalidParameterValue', `Value (${value}) for parameter ${parameter} is invalid. This is not a valid CIDR block.`),
  custom: (code: string, message: string, status = 400) => e(code, message, status),
} as const;
