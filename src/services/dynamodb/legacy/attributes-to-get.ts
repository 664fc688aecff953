/** @module Legacy `AttributesToGet` (GetItem, BatchGetItem, Query, Scan): top-level names as projection paths. */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import type { Path } from '../expressions/ast.js';

/** The paths of an AttributesToGet list (names are literal: no placeholders, dots or reserved words apply). */
export function attributesToGetOf(raw: unknown): readonly Path[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw as readonly string[];
  const seen = new Set<string>();
  for (const [i, n] of names.entries()) {
    if (typeof n !== 'string') throw dynamoDbErrors.validation(`1 validation error detected: Value null at 'attributesToGet.${i + 1}.member' failed to satisfy constraint: Member must not be null`);
    if (seen.has(n)) throw dynamoDbErrors.validation(`One or more parameter values were invalid: Duplicate value in attribute name: ${n}`);
    seen.add(n);
  }
  return names.map((n) => ({ kind: 'path', elements: [n] }));
}
