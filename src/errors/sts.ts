/**
 * @module STS error catalog. Codes and statuses from the model's error shapes (src/specs/sts.json `errors`),
 * plus the Query protocol's common errors (`ValidationError`, `AccessDenied`, the action errors).
 */
import { AwsError } from './aws-error.js';
import { stsModel } from '../specs/sts-model.js';
import type { StsErrorCode } from '../specs/sts-types.js';

/** An error the model declares, with the model's HTTP status and fault. */
export function stsError(code: StsErrorCode, message: string): AwsError {
  const spec = stsModel.errors?.[code];
  return new AwsError(code, message, spec?.httpStatusCode ?? 400, spec?.senderFault ?? true);
}

export const stsErrors = {
  validation: (message: string) => new AwsError('ValidationError', message, 400),
  missingParameter: (key: string) =>
    new AwsError('ValidationError', `1 validation error detected: Value null at '${lowerFirst(key)}' failed to satisfy constraint: Member must not be null`, 400),
  invalidAction: (action: string) => new AwsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`, 400),
  missingAction: () => new AwsError('MissingAction', 'Missing Action', 400),
  internal: () => new AwsError('InternalFailure', 'An internal error has occurred', 500, false),
  /**
   * AWS: a denied AssumeRole, and one naming a role that does not exist (STS does not reveal which), answer
   * "User: <caller> is not authorized to perform: sts:AssumeRole on resource: <role ARN>" (403).
   */
  assumeRoleDenied: (principalArn: string, roleArn: string) =>
    new AwsError('AccessDenied', `User: ${principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403),
  /** AWS: DurationSeconds above the role's MaxSessionDuration. */
  durationTooLong: () => new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
  malformedPolicy: (message: string) => stsError('MalformedPolicyDocument', message),
  /** AWS: a request whose credential scope names a region that does not exist (403 SignatureDoesNotMatch). */
  invalidRegion: (region: string) => new AwsError('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${region}'.`, 403),
} as const;

function lowerFirst(key: string): string {
  return key.length > 0 ? key[0]!.toLowerCase() + key.slice(1) : key;
}
