/** @module What an ELBv2 handler is given: the same caller scope as EC2 handlers, typed by ELBv2 operations. */
import type { Elbv2OperationName, Elbv2Operations } from '../../specs/elbv2-types.js';
import type { Ec2Context } from '../ec2/context.js';

export type Elbv2Handler<Op extends Elbv2OperationName> = (ctx: Ec2Context, input: Elbv2Operations[Op]['input']) => Elbv2Operations[Op]['output'];

export type Elbv2HandlerTable = { readonly [Op in Elbv2OperationName]?: Elbv2Handler<Op> };
