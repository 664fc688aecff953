/** @module The document paths a bound condition reads (for AWS's rule that a Query filter names no key attribute). */
import type { Condition, Operand, Path } from './ast.js';

function operandPaths(o: Operand, out: Path[]): void {
  switch (o.kind) {
    case 'path': out.push(o); break;
    case 'size': out.push(o.path); break;
    case 'if_not_exists': out.push(o.path); operandPaths(o.fallback, out); break;
    case 'list_append': case 'arith': operandPaths(o.a, out); operandPaths(o.b, out); break;
    default: break;
  }
}

/** Every path a condition reads, in order of appearance. */
export function conditionPaths(c: Condition, out: Path[] = []): Path[] {
  switch (c.kind) {
    case 'compare': operandPaths(c.left, out); operandPaths(c.right, out); break;
    case 'between': operandPaths(c.operand, out); operandPaths(c.lo, out); operandPaths(c.hi, out); break;
    case 'in': operandPaths(c.operand, out); for (const x of c.list) operandPaths(x, out); break;
    case 'and': case 'or': conditionPaths(c.left, out); conditionPaths(c.right, out); break;
    case 'not': conditionPaths(c.condition, out); break;
    case 'function': for (const x of c.args) operandPaths(x, out); break;
  }
  return out;
}

/** The first top-level attribute of `names` that the condition reads, if any. */
export function firstNamedIn(c: Condition, names: readonly string[]): string | undefined {
  for (const p of conditionPaths(c)) {
    const top = p.elements[0];
    if (typeof top === 'string' && names.includes(top)) return top;
  }
  return undefined;
}
