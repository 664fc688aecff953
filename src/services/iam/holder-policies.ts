/**
 * @module The read side of a user's or a role's policies, the same for both: one inline policy, the inline policy
 * names, the attached managed policies (filtered by path prefix), each paged as IAM pages.
 */
import { inlinePolicyOf, policyByArn, type PolicyHolder } from '../../model/iam-policy.js';
import type { ReadView } from '../../model/world.js';
import { page } from './context.js';
import { encodePolicy } from './wire.js';

interface Paging { readonly Marker?: string | undefined; readonly MaxItems?: number | undefined }

/** Get{User,Role}Policy's members after the holder's name: the policy name and its URL-encoded document. */
export function inlinePolicyOutput(holder: PolicyHolder, policyName: string): { PolicyName: string; PolicyDocument: string } {
  const found = inlinePolicyOf(holder, policyName);
  return { PolicyName: found.name, PolicyDocument: encodePolicy(found.document) };
}

/** List{User,Role}Policies. */
export function inlinePolicyNames(holder: PolicyHolder, input: Paging): { PolicyNames: string[]; IsTruncated: boolean; Marker?: string } {
  const { items, ...rest } = page(holder.inlinePolicies.map((x) => x.name), input);
  return { PolicyNames: items, ...rest };
}

/** ListAttached{User,Role}Policies: the attached policies whose path starts with `PathPrefix` (default `/`). */
export function attachedPolicies(view: ReadView, holder: PolicyHolder, input: Paging & { readonly PathPrefix?: string | undefined }):
  { AttachedPolicies: { PolicyName: string; PolicyArn: string }[]; IsTruncated: boolean; Marker?: string } {
  const attached = holder.attachedPolicyArns.map((arn) => policyByArn(view, arn)).filter((x) => x !== undefined)
    .filter((x) => x.path.startsWith(input.PathPrefix ?? '/'));
  const { items, ...rest } = page(attached, input);
  return { AttachedPolicies: items.map((x) => ({ PolicyName: x.name, PolicyArn: x.arn })), ...rest };
}
