/**
 * @module A user's or a role's policies, the same for both: Put/Get/List/Delete of inline policies and
 * Attach/Detach/ListAttached of managed ones, each paged as IAM pages. The handlers are written once and built per
 * holder kind (`holderPolicyHandlers`).
 */
import { attachTo, detachFrom, inlinePolicyOf, policyByArn, putInline, removeInline, type PolicyHolder } from '../../model/iam-policy.js';
import type { ReadView } from '../../model/world.js';
import type { WAttachedPolicy } from '../../specs/iam-types.js';
import { page, type IamContext, type NamedBy, type Paging } from './context.js';
import type { EntityAuthorizer } from './entity-authorization.js';
import { encodePolicy } from './wire.js';

/** A kind of policy holder: its name in operation and action names, the input member naming one, its gate and getter. */
export interface PolicyHolderKind<M extends string> {
  readonly entity: 'User' | 'Role';
  readonly member: M;
  readonly authorize: EntityAuthorizer;
  readonly mustGet: (view: ReadView, name: string) => PolicyHolder;
  /** Get*Policy's first member: the holder's stored name. */
  readonly named: (name: string) => NamedBy<M>;
}

interface Done { readonly IsTruncated: boolean; readonly Marker?: string }
type PolicyName = { readonly PolicyName: string };
type PolicyArn = { readonly PolicyArn: string };

/** Put<E>Policy, Get<E>Policy, List<E>Policies, Delete<E>Policy, Attach<E>Policy, Detach<E>Policy, ListAttached<E>Policies. */
export function holderPolicyHandlers<M extends string>(h: PolicyHolderKind<M>) {
  const { entity, member } = h;
  return {
    put(ctx: IamContext, input: NamedBy<M> & PolicyName & { readonly PolicyDocument: string }): Record<string, never> {
      h.authorize(ctx, `iam:Put${entity}Policy`, input[member]);
      ctx.write((p) => putInline(p, h.mustGet(p, input[member]), input.PolicyName, input.PolicyDocument));
      return {};
    },
    get(ctx: IamContext, input: NamedBy<M> & PolicyName): NamedBy<M> & { PolicyName: string; PolicyDocument: string } {
      h.authorize(ctx, `iam:Get${entity}Policy`, input[member]);
      const holder = h.mustGet(ctx.read(), input[member]);
      const found = inlinePolicyOf(holder, input.PolicyName);
      return { ...h.named(holder.name), PolicyName: found.name, PolicyDocument: encodePolicy(found.document) };
    },
    list(ctx: IamContext, input: NamedBy<M> & Paging): Done & { PolicyNames: string[] } {
      h.authorize(ctx, `iam:List${entity}Policies`, input[member]);
      const { items, ...rest } = page(h.mustGet(ctx.read(), input[member]).inlinePolicies.map((x) => x.name), input);
      return { PolicyNames: items, ...rest };
    },
    remove(ctx: IamContext, input: NamedBy<M> & PolicyName): Record<string, never> {
      h.authorize(ctx, `iam:Delete${entity}Policy`, input[member]);
      ctx.write((p) => removeInline(p, h.mustGet(p, input[member]), input.PolicyName));
      return {};
    },
    attach(ctx: IamContext, input: NamedBy<M> & PolicyArn): Record<string, never> {
      h.authorize(ctx, `iam:Attach${entity}Policy`, input[member], { 'iam:PolicyARN': input.PolicyArn });
      ctx.write((p) => attachTo(p, h.mustGet(p, input[member]), input.PolicyArn));
      return {};
    },
    detach(ctx: IamContext, input: NamedBy<M> & PolicyArn): Record<string, never> {
      h.authorize(ctx, `iam:Detach${entity}Policy`, input[member], { 'iam:PolicyARN': input.PolicyArn });
      ctx.write((p) => detachFrom(p, h.mustGet(p, input[member]), input.PolicyArn));
      return {};
    },
    /** The attached policies whose path starts with `PathPrefix` (default `/`). */
    listAttached(ctx: IamContext, input: NamedBy<M> & Paging & { readonly PathPrefix?: string | undefined }): Done & { AttachedPolicies: WAttachedPolicy[] } {
      h.authorize(ctx, `iam:ListAttached${entity}Policies`, input[member]);
      const view = ctx.read();
      const attached = h.mustGet(view, input[member]).attachedPolicyArns.map((arn) => policyByArn(view, arn)).filter((x) => x !== undefined)
        .filter((x) => x.path.startsWith(input.PathPrefix ?? '/'));
      const { items, ...rest } = page(attached, input);
      return { AttachedPolicies: items.map((x) => ({ PolicyName: x.name, PolicyArn: x.arn })), ...rest };
    },
  };
}
