/**
 * @module The wording AWS uses when a policy refuses an action ("User: <arn> is not authorized to perform:
 * <action> on resource: <arn> because no identity-based policy allows the <action> action", or "... with an
 * explicit deny in a VPC endpoint policy"), shared by the services that answer with it.
 */

/** What refused: an explicit deny or a missing allow, and which policy (the engine's `decidedBy`, e.g. `endpoint policy vpce-... statement 0`). */
export interface Refusal {
  readonly explicit: boolean;
  readonly reason: string;
}

function policyPhrase(reason: string): { readonly a: string; readonly name: string } {
  if (reason.startsWith('endpoint')) return { a: 'a', name: 'VPC endpoint policy' };
  if (reason.startsWith('resource')) return { a: 'a', name: 'resource-based policy' };
  if (reason.startsWith('scp') || reason.startsWith('service control')) return { a: 'a', name: 'service control policy' };
  if (reason.startsWith('boundary') || reason.startsWith('permissions boundary')) return { a: 'a', name: 'permissions boundary' };
  if (reason.startsWith('session')) return { a: 'a', name: 'session policy' };
  return { a: 'an', name: 'identity-based policy' };
}

/** AWS's sentence for a refused action; `resource` is left out when the action has none (`*`). */
export function notAuthorizedMessage(principal: string, action: string, resource: string | undefined, r: Refusal): string {
  const p = policyPhrase(r.reason);
  const why = r.explicit ? `with an explicit deny in ${p.a} ${p.name}` : `because no ${p.name} allows the ${action} action`;
  return `User: ${principal} is not authorized to perform: ${action}${resource !== undefined && resource !== '*' ? ` on resource: ${resource}` : ''} ${why}`;
}
