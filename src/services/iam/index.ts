/** @module Every IAM handler, keyed by wire operation name, and the list of served operations. */
import type { IamOperationName } from '../../specs/iam-types.js';
import { accessKeyHandlers } from './access-keys.js';
import type { IamHandler, IamHandlerTable } from './context.js';
import { instanceProfileHandlers } from './instance-profiles.js';
import { policyHandlers } from './policies.js';
import { roleHandlers } from './roles.js';
import { tagHandlers } from './tags.js';
import { userHandlers } from './users.js';

export const iamHandlers: IamHandlerTable = {
  ...userHandlers, ...accessKeyHandlers, ...roleHandlers, ...policyHandlers, ...instanceProfileHandlers, ...tagHandlers,
};

/** The IAM operations vpce serves (wire names, sorted). */
export const IAM_OPERATIONS: readonly IamOperationName[] = (Object.keys(iamHandlers) as IamOperationName[]).sort();

/** The handler of an operation, if served. */
export function iamHandlerFor(operation: string): IamHandler<IamOperationName> | undefined {
  return Object.hasOwn(iamHandlers, operation) ? (iamHandlers as Record<string, IamHandler<IamOperationName>>)[operation] : undefined;
}
