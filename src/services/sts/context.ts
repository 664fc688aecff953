/** @module What an STS handler is given: the world and the call (caller, source instance, policy gate). */
import type { World } from '../../model/world.js';
import type { StsOperationName, StsOperations } from '../../specs/sts-types.js';
import type { ServiceCall } from '../call.js';

export interface StsContext {
  readonly world: World;
  readonly call: ServiceCall;
}

export type StsHandler<Op extends StsOperationName> = (ctx: StsContext, input: StsOperations[Op]['input']) => StsOperations[Op]['output'];

export type StsHandlerTable = { readonly [Op in StsOperationName]?: StsHandler<Op> };
