/**
 * @module ELBv2 error catalog. Codes and HTTP statuses come from the model's error shapes
 * (src/specs/elbv2.json `errors`); `ValidationError` and the action errors are the Query protocol's common
 * errors, which the model does not list. Messages follow what the service prints.
 */
import { AwsError } from './aws-error.js';
import { elbv2Model } from '../specs/elbv2-model.js';
import type { Elbv2ErrorCode } from '../specs/elbv2-types.js';

/** An error the model declares, with the model's HTTP status and fault. */
export function elbv2Error(code: Elbv2ErrorCode, message: string): AwsError {
  const spec = elbv2Model.errors?.[code];
  return new AwsError(code, message, spec?.httpStatusCode ?? 400, spec?.senderFault ?? true);
}

export const elbv2Errors = {
  /** AWS: parameter constraint failures answer `ValidationError` (400), phrased by the service's validator. */
  validation: (message: string) => new AwsError('ValidationError', message, 400),
  missingParameter: (key: string) =>
    new AwsError('ValidationError', `1 validation error detected: Value null at '${lowerFirst(key)}' failed to satisfy constraint: Member must not be null`, 400),
  invalidAction: (action: string) => new AwsError('InvalidAction', `Could not find operation ${action} for version 2015-12-01`, 400),
  missingAction: () => new AwsError('MissingAction', 'Missing Action', 400),
  internal: () => new AwsError('InternalFailure', 'An internal error has occurred', 500),
  accessDenied: (message: string) => new AwsError('AccessDenied', message, 403),
  loadBalancerNotFound: (names: readonly string[]) =>
    elbv2Error('LoadBalancerNotFound', names.length > 0 ? `Load balancers '[${names.join(', ')}]' not found` : 'One or more load balancers not found'),
  targetGroupNotFound: (names: readonly string[]) =>
    elbv2Error('TargetGroupNotFound', names.length > 0 ? `Target groups '[${names.join(', ')}]' not found` : 'One or more target groups not found'),
  /** AWS (TooManyTags): "You've reached the limit on the number of tags for this resource." */
  tooManyTags: (max: number) => elbv2Error('TooManyTags', `The quota for the number of tags that can be assigned to a resource (${max}) has been reached`),
  listenerNotFound: (arns: readonly string[]) =>
    elbv2Error('ListenerNotFound', arns.length > 0 ? `Listeners '[${arns.join(', ')}]' not found` : 'One or more listeners not found'),
} as const;

function lowerFirst(key: string): string {
  return key.length > 0 ? key[0]!.toLowerCase() + key.slice(1) : key;
}
