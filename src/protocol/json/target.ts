/** @module Operation routing for JSON-protocol services: the `X-Amz-Target` header names `<prefix>.<Operation>`. */
import type { JsonServiceModel } from '../../specs/dynamodb-model.js';
import type { JsonDialect } from './dialect.js';

/**
 * The operation an `X-Amz-Target` names, or throws the dialect's UnknownOperationException.
 * The header name is case-insensitive (JS sends `x-amz-target`); callers pass the lower-cased headers.
 */
export function operationOf(model: JsonServiceModel, dialect: JsonDialect, headers: Readonly<Record<string, string>>): string {
  const target = headers['x-amz-target'] ?? '';
  const dot = target.lastIndexOf('.');
  const op = target.slice(dot + 1);
  if (dot < 0 || target.slice(0, dot) !== dialect.targetPrefix || !Object.hasOwn(model.operations, op)) throw dialect.unknownOperation();
  return op;
}
