/**
 * @module The two dialects of the AWS Query protocol. One walker per direction serves both; they differ only
 * in how list (and map) items are keyed on input, what element wraps list items on output, and which errors
 * report a bad parameter. Member names are precomputed per dialect in the spec files (`q`, `x`).
 */
import type { AwsError } from '../../errors/aws-error.js';
import type { ShapeSpec } from '../../specs/service-model.js';

export type ListShape = Extract<ShapeSpec, { type: 'list' }>;
export type MapShape = Extract<ShapeSpec, { type: 'map' }>;

export interface QueryDialect {
  /** Request key prefix of a list's items (`<prefix>.<N>` follows). */
  listItemPrefix(key: string, list: ListShape): string;
  /** Request key prefix of a map's entries (`<prefix>.<N>.key` / `.value` follow). */
  mapEntryPrefix(key: string, map: MapShape): string;
  /** Element wrapping each output list item; `undefined` writes the items flat, without a wrapper. */
  listItemTag(list: ListShape): string | undefined;
  /** A required member is absent (`key` is its request key). */
  missingParameter(key: string): AwsError;
  /** A value fails its shape (type, range, enum). */
  invalidValue(key: string, raw: string, problem: ValueProblem): AwsError;
  /** The model's spelling of an enum value the service also takes in another form (e.g. another letter case). */
  enumValue?(shapeName: string, raw: string): string | undefined;
}

/** Why a request value does not fit its shape. */
export type ValueProblem =
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'type'; readonly expected: 'integer' | 'double' | 'boolean' | 'timestamp' }
  | { readonly kind: 'min' | 'max'; readonly bound: number }
  /** The value holds a character XML 1.0 cannot carry (a C0 control, U+FFFE/U+FFFF, a lone surrogate). */
  | { readonly kind: 'characters' };

/** The constraint a value with an XML 1.0-illegal character fails, in the validators' wording of a pattern. */
export const XML_CHARS_CONSTRAINT = 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]*';

/** `key` with its last segment replaced (flattened Query lists are keyed by the item name). */
function withLastSegment(key: string, name: string | undefined): string {
  if (!name) return key;
  const dot = key.lastIndexOf('.');
  return dot < 0 ? name : `${key.slice(0, dot + 1)}${name}`;
}

/**
 * Plain Query (ELBv2, IAM, STS...): botocore `QuerySerializer`. Lists `<Key>.member.<N>` (or the item's
 * locationName), flattened lists `<Key>.<N>`; maps `<Key>.entry.<N>.key`; output items `<member>`.
 */
export function plainQueryDialect(errors: Pick<QueryDialect, 'missingParameter' | 'invalidValue'>): QueryDialect {
  return {
    listItemPrefix: (key, list) => (list.flattened ? withLastSegment(key, list.memberLocationName) : `${key}.${list.memberLocationName ?? 'member'}`),
    mapEntryPrefix: (key, map) => (map.flattened ? key : `${key}.entry`),
    listItemTag: (list) => (list.flattened ? undefined : list.memberLocationName ?? 'member'),
    ...errors,
  };
}
