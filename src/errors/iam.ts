/**
 * @module IAM error catalog. Codes and HTTP statuses come from the model's error shapes (src/specs/iam.json
 * `errors`: NoSuchEntity 404, EntityAlreadyExists / DeleteConflict / LimitExceeded 409, MalformedPolicyDocument /
 * InvalidInput 400); `ValidationError`, `AccessDenied` and the action errors are the Query protocol's common
 * errors, which the model does not list. Messages follow what IAM prints.
 */
import { AwsError } from './aws-error.js';
import { iamModel } from '../specs/iam-model.js';
import type { IamErrorCode } from '../specs/iam-types.js';

/** An error the model declares, with the model's HTTP status and fault. */
export function iamError(code: IamErrorCode, message: string): AwsError {
  const spec = iamModel.errors?.[code];
  return new AwsError(code, message, spec?.httpStatusCode ?? 400, spec?.senderFault ?? true);
}

/** The entity types IAM names in its messages. */
export type IamEntity = 'user' | 'role' | 'policy' | 'instanceProfile';

const ENTITY_LABEL: Readonly<Record<IamEntity, string>> = { user: 'User', role: 'Role', policy: 'Policy', instanceProfile: 'Instance Profile' };

export const iamErrors = {
  /** AWS: constraint failures (length, pattern, range) answer `ValidationError` (400), phrased by the validator. */
  validation: (message: string) => new AwsError('ValidationError', message, 400),
  missingParameter: (key: string) =>
    new AwsError('ValidationError', `1 validation error detected: Value null at '${lowerFirst(key)}' failed to satisfy constraint: Member must not be null`, 400),
  invalidAction: (action: string) => new AwsError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`, 400),
  missingAction: () => new AwsError('MissingAction', 'Missing Action', 400),
  internal: () => new AwsError('ServiceFailure', 'An internal error has occurred', 500, false),
  /** AWS: "User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy allows the <action> action". */
  accessDenied: (principalArn: string, action: string, resource: string, explicit: boolean) =>
    new AwsError('AccessDenied', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${explicit
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`}`, 403),
  noSuchUser: (name: string) => iamError('NoSuchEntity', `The user with name ${name} cannot be found.`),
  noSuchRole: (name: string) => iamError('NoSuchEntity', `The role with name ${name} cannot be found.`),
  noSuchPolicy: (arn: string) => iamError('NoSuchEntity', `Policy ${arn} was not found.`),
  /** AWS: attaching an unknown policy ARN. */
  notAttachable: (arn: string) => iamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, versionId: string) => iamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  noSuchUserPolicy: (name: string) => iamError('NoSuchEntity', `The user policy with name ${name} cannot be found.`),
  noSuchRolePolicy: (name: string) => iamError('NoSuchEntity', `The role policy with name ${name} cannot be found.`),
  /** AWS: detaching a policy that is not attached to the entity. */
  policyNotAttached: (arn: string) => iamError('NoSuchEntity', `Policy ${arn} was not found.`),
  noSuchInstanceProfile: (name: string) => iamError('NoSuchEntity', `Instance Profile ${name} cannot be found.`),
  noSuchAccessKey: (id: string) => iamError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`),
  alreadyExists: (entity: IamEntity, name: string) => iamError('EntityAlreadyExists', entity === 'policy'
    ? `A policy called ${name} already exists. Duplicate names are not allowed.`
    : `${ENTITY_LABEL[entity]} with name ${name} already exists.`),
  deleteConflict: (message: string) => iamError('DeleteConflict', message),
  limitExceeded: (quota: string, limit: number) => iamError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`),
  /** LimitExceeded with IAM's own sentence (policy versions). */
  limitExceededMessage: (message: string) => iamError('LimitExceeded', message),
  /** AWS: a PermissionsBoundary naming no attachable policy. */
  noSuchBoundary: (arn: string) => iamError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`),
  malformedPolicy: (message: string) => iamError('MalformedPolicyDocument', message),
  invalidInput: (message: string) => iamError('InvalidInput', message),
} as const;

function lowerFirst(key: string): string {
  return key.length > 0 ? key[0]!.toLowerCase() + key.slice(1) : key;
}
