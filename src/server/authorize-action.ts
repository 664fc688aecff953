/** @module Authorize a control-plane action (EC2, ELBv2) with the caller's policies, throwing the service's own error when refused. */
import type { AwsError } from '../errors/aws-error.js';
import { notAuthorizedMessage } from '../errors/access-denied.js';
import type { ServiceCall } from '../services/call.js';

/**
 * EC2 and ELBv2 actions are authorized on `*`: most of their actions (every Describe) support no resource-level
 * permissions, and vpce does not model the per-resource ARNs of the others, so a statement naming specific
 * EC2 resource ARNs does not match here.
 */
export function authorizeAction(call: ServiceCall, action: string, account: string, error: (message: string) => AwsError): void {
  const d = call.authorize({ action, resource: '*', resourceAccount: account });
  if (!d.allowed) throw error(notAuthorizedMessage(call.caller.principalArn, action, undefined, d));
}
