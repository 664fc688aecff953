/** @module Authorize a control-plane action (EC2, ELBv2) with the caller's policies, throwing the service's own error when refused. */
import type { AwsError } from '../errors/aws-error.js';
import { notAuthorizedMessage } from '../errors/access-denied.js';
import type { AccessQuery, ServiceCall } from '../services/call.js';

/**
 * ELBv2 actions are authorized on `*`: vpce does not model their per-resource ARNs, so a statement naming
 * specific load balancer or target group ARNs does not match here. EC2 calls go through `authorizeQueries`
 * with the resources `services/ec2/authorization.ts` finds in the request (per the Service Authorization Reference).
 */
export function authorizeAction(call: ServiceCall, action: string, account: string, error: (message: string) => AwsError): void {
  const d = call.authorize({ action, resource: '*', resourceAccount: account });
  if (!d.allowed) throw error(notAuthorizedMessage(call.caller.principalArn, action, undefined, d));
}

/**
 * AWS ("Policy evaluation logic"; an action on several resources): the action must be allowed on every resource
 * it is authorized on. The first refusal answers, naming that resource's ARN.
 */
export function authorizeQueries(call: ServiceCall, queries: readonly AccessQuery[], error: (message: string) => AwsError): void {
  for (const q of queries) {
    const d = call.authorize(q);
    if (!d.allowed) throw error(notAuthorizedMessage(call.caller.principalArn, q.action, q.resource, d));
  }
}
