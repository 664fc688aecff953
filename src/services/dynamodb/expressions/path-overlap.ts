/**
 * @module AWS's rule that the document paths of one ProjectionExpression or UpdateExpression are independent:
 * one may not be a prefix of another ("overlap") nor use the same element as a map and as a list ("conflict").
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import type { ExpressionKind, Path } from './ast.js';

/** A path as DynamoDB prints it in these messages: `[a, b, [0]]`. */
export function showPath(p: Path): string {
  return `[${p.elements.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

/** How two paths relate: independent, one a prefix of the other, or one element used as both map and list. */
export function relation(a: Path, b: Path): 'independent' | 'overlap' | 'conflict' {
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) {
    const x = a.elements[i];
    const y = b.elements[i];
    if (x === y) continue;
    return typeof x === typeof y ? 'independent' : 'conflict';
  }
  return 'overlap';
}

/** Refuse overlapping or conflicting paths (every pair is compared; expressions are at most 4 KB). */
export function checkIndependentPaths(paths: readonly Path[], kind: ExpressionKind): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const r = relation(paths[i]!, paths[j]!);
      if (r === 'independent') continue;
      const verb = r === 'overlap' ? 'overlap' : 'conflict';
      throw dynamoDbErrors.validation(`Invalid ${kind}: Two document paths ${verb} with each other; must remove or rewrite one of these paths; path one: ${showPath(paths[i]!)}, path two: ${showPath(paths[j]!)}`);
    }
  }
}
