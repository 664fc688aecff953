/**
 * @module Length and pattern constraints of an input's top-level string members, which the Query walker does not
 * check (EC2 and ELBv2 never needed them): IAM and STS answer `ValidationError` for a name that breaks its
 * shape's `min`, `max` or `pattern`, phrased as the service's validator does.
 */
import type { ServiceModel, ShapeSpec } from '../../specs/service-model.js';

type StringShape = Extract<ShapeSpec, { type: 'string' }>;

const patterns = new Map<string, RegExp>();

/** The model's (Java-style) pattern as an anchored JS regex; 5- and 6-digit `\u` escapes become `\u{…}`. */
function regexOf(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}')})$`, 'su');
    patterns.set(pattern, re);
  }
  return re;
}

/**
 * The first constraint a top-level string member of `input` breaks, as the validator words it
 * (`1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: …`), or undefined.
 */
export function stringConstraintProblem(model: ServiceModel, shapeName: string, input: Readonly<Record<string, unknown>>): string | undefined {
  const shape = model.shapes[shapeName];
  if (shape?.type !== 'structure') return undefined;
  for (const [member, spec] of Object.entries(shape.members)) {
    const value = input[member];
    if (typeof value !== 'string') continue;
    const s = model.shapes[spec.shape];
    if (s?.type !== 'string') continue;
    const problem = check(s, value);
    if (problem) {
      const key = (spec.q ?? member).replace(/^./, (c) => c.toLowerCase());
      return `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: ${problem}`;
    }
  }
  return undefined;
}

function check(s: StringShape, value: string): string | undefined {
  const length = [...value].length;
  if (s.min !== undefined && length < s.min) return `Member must have length greater than or equal to ${s.min}`;
  if (s.max !== undefined && length > s.max) return `Member must have length less than or equal to ${s.max}`;
  if (s.pattern !== undefined && !regexOf(s.pattern).test(value)) return `Member must satisfy regular expression pattern: ${s.pattern}`;
  return undefined;
}
