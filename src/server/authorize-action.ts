/** @module Authorize a control-plane call (EC2, ELBv2) with the caller's policies, throwing the service's own error when refused. */
import type { AwsError } from '../errors/aws-error.js';
import { notAuthorizedMessage } from '../errors/access-denied.js';
import type { AccessQuery, ServiceCall } from '../services/call.js';

/**
 * AWS ("Policy evaluation logic"; an action on several resources): the action must be allowed on every resource
 * it is authorized on. The first refusal answers, naming that resource's ARN. EC2 and ELBv2 calls come here with
 * the questions `services/ec2/authorization.ts` and `services/elbv2/authorization.ts` find in the request (per the
 * Service Authorization Reference): one per resource named or created, or one on `*` for actions without
 * resource types.
 */
export function authorizeQueries(call: ServiceCall, queries: readonly AccessQuery[], error: (message: string) => AwsError): void {
  for (const q of queries) {
    const d = call.authorize(q);
    if (!d.allowed) throw error(notAuthorizedMessage(call.caller.principalArn, q.action, q.resource, d));
  }
}
