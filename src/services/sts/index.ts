/** @module Every STS handler, keyed by wire operation name, and the list of served operations. */
import type { StsOperationName } from '../../specs/sts-types.js';
import { assumeRoleHandlers } from './assume-role.js';
import { callerIdentityHandlers } from './caller-identity.js';
import type { StsHandler, StsHandlerTable } from './context.js';

export const stsHandlers: StsHandlerTable = { ...callerIdentityHandlers, ...assumeRoleHandlers };

/** The STS operations vpce serves (wire names, sorted). */
export const STS_OPERATIONS: readonly StsOperationName[] = (Object.keys(stsHandlers) as StsOperationName[]).sort();

export function stsHandlerFor(operation: string): StsHandler<StsOperationName> | undefined {
  return Object.hasOwn(stsHandlers, operation) ? (stsHandlers as Record<string, StsHandler<StsOperationName>>)[operation] : undefined;
}
