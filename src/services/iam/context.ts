/** @module What an IAM handler is given: the caller, its account's IAM partition, the policy gate, paging. */
import { iamErrors } from '../../errors/iam.js';
import { iamIn, iamPartitionKey } from '../../model/iam-ids.js';
import type { PartitionTx, ReadView, Tx, World } from '../../model/world.js';
import type { IamOperationName, IamOperations } from '../../specs/iam-types.js';
import type { ServiceCall } from '../call.js';

export interface IamContext {
  readonly world: World;
  readonly call: ServiceCall;
  /** The caller's account: IAM calls act on it. */
  readonly account: string;
  /** The account's IAM records. */
  read(): ReadView;
  /** One atomic change in the account's IAM partition. */
  write<T>(fn: (p: PartitionTx, tx: Tx) => T): T;
  /**
   * Ask the gate whether the caller may do `action` on `resource` (an ARN in this account), with the request's
   * and the resource's condition keys; AccessDenied if not.
   */
  authorize(action: string, resource: string, context?: Readonly<Record<string, string | readonly string[]>>): void;
}

export type IamHandler<Op extends IamOperationName> = (ctx: IamContext, input: IamOperations[Op]['input']) => IamOperations[Op]['output'];

/** A family's handlers, keyed by wire operation name. */
export type IamHandlerTable = { readonly [Op in IamOperationName]?: IamHandler<Op> };

export function makeIamContext(world: World, call: ServiceCall): IamContext {
  const account = call.caller.account;
  return {
    world, call, account,
    read: () => world.partition(iamPartitionKey(account)),
    write: (fn) => world.transact((tx) => fn(iamIn(tx, account), tx)),
    authorize(action, resource, context) {
      const d = call.authorize({ action, resource, resourceAccount: account, ...(context && Object.keys(context).length > 0 ? { context } : {}) });
      if (!d.allowed) throw iamErrors.accessDenied(call.caller.principalArn, action, resource, d.explicit);
    },
  };
}

/** A request's members naming one entity, e.g. `{ RoleName }`. */
export type NamedBy<M extends string> = { readonly [K in M]: string };

/** The paging members of a List* request. */
export interface Paging { readonly Marker?: string | undefined; readonly MaxItems?: number | undefined }

/** A page of `items` after the opaque `Marker`, at most `MaxItems` (AWS default 100). */
export function page<T>(items: readonly T[], input: Paging): { items: T[]; IsTruncated: boolean; Marker?: string } {
  let start = 0;
  if (input.Marker !== undefined) {
    const n = Number(Buffer.from(input.Marker, 'base64url').toString('utf8'));
    if (!Number.isInteger(n) || n < 0) throw iamErrors.validation('Invalid Marker.');
    start = n;
  }
  const size = input.MaxItems ?? 100;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length
    ? { items: slice, IsTruncated: true, Marker: Buffer.from(String(end), 'utf8').toString('base64url') }
    : { items: slice, IsTruncated: false };
}

/** Records listed by name (AWS lists IAM entities in name order), filtered by path prefix. */
export function byNameUnder<T extends { readonly name: string; readonly path: string }>(records: Iterable<T>, pathPrefix: string | undefined): T[] {
  const prefix = pathPrefix ?? '/';
  return [...records].filter((r) => r.path.startsWith(prefix)).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
}
