/**
 * @module What the EC2 and ELBv2 authorization modules share: an operation's resource types compiled once from
 * the Service Authorization Reference data (with the condition keys each type may carry), the builder of one
 * question's context that keeps only those keys, and readers of untyped request members.
 */
import type { AuthorizationOperation, AuthorizationResourceType } from '../specs/authorization-spec.js';

export type Context = Record<string, string | readonly string[]>;

export interface CompiledType {
  readonly spec: AuthorizationResourceType;
  /** Lower-cased key templates a question on this type may carry: its own and the action's (`aws:resourcetag/${tagkey}`). */
  readonly keys: ReadonlySet<string>;
}

export interface CompiledOperation {
  readonly types: readonly CompiledType[];
  readonly byName: ReadonlyMap<string, CompiledType>;
  readonly actionKeys: ReadonlySet<string>;
}

function compile(op: AuthorizationOperation): CompiledOperation {
  const actionKeys = new Set(op.conditionKeys.map((k) => k.toLowerCase()));
  const types = op.resourceTypes.map((spec) => ({ spec, keys: new Set([...actionKeys, ...spec.conditionKeys.map((k) => k.toLowerCase())]) }));
  return { types, byName: new Map(types.map((t) => [t.spec.name, t])), actionKeys };
}

/** A lookup of compiled operations over one service's data, each compiled on first use (unknown ones: undefined). */
export function operationCompiler(operations: Readonly<Record<string, AuthorizationOperation>>): (operation: string) => CompiledOperation | undefined {
  const compiled = new Map<string, CompiledOperation | null>();
  return (operation) => {
    let c = compiled.get(operation);
    if (c === undefined) {
      const op = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      c = op ? compile(op) : null;
      compiled.set(operation, c);
    }
    return c ?? undefined;
  };
}

/** `aws:ResourceTag/env` -> `aws:resourcetag/${tagkey}`: the form the reference lists keys in. */
function templateOf(key: string): string {
  const slash = key.indexOf('/');
  return (slash < 0 ? key : `${key.slice(0, slash)}/\${TagKey}`).toLowerCase();
}

/** Builds one question's context, keeping only the keys the reference lists for the action and the type. */
export class ContextBuilder {
  readonly values: Context = {};
  constructor(private readonly keys: ReadonlySet<string>) {}
  put(key: string, value: string | readonly string[] | undefined): void {
    if (value !== undefined && this.keys.has(templateOf(key))) this.values[key] = value;
  }
  tags(prefixes: readonly string[], tags: readonly { readonly key: string; readonly value: string }[]): void {
    for (const prefix of prefixes) {
      if (!this.keys.has(`${prefix.toLowerCase()}/\${tagkey}`)) continue;
      for (const t of tags) this.values[`${prefix}/${t.key}`] = t.value;
    }
  }
}

/** A non-empty string member, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A string or list member as its non-empty strings. */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** A list member's structures. */
export function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}
