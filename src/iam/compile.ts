/** @module Policies compiled once into matchers: precompiled wildcards and ARN patterns, parsed CIDRs and conditions, statements indexed by service prefix. */
import { compileArnPattern, splitArn, type ArnMatcher, type SplitArn } from './arn.js';
import { compileCondition, type CompiledCondition } from './conditions/condition.js';
import type { ContextReader } from './context.js';
import { compilePrincipal, compileNotPrincipal, type PrincipalMatcher } from './principal.js';
import type { Policy, PolicyType, PrincipalMatchKind, RequestPrincipal, Statement, StatementElement, StatementRef } from './types.js';
import { validatePolicy, type PolicyError, type ValidateOptions } from './validate.js';
import type { VariableLookup } from './variables.js';
import { compileGlob, type Matcher } from './wildcard.js';

/** What a compiled statement needs from a request. */
export interface StatementInput {
  readonly actionLower: string;
  readonly resource: SplitArn;
  readonly principal: RequestPrincipal;
  readonly context: ContextReader;
  readonly lookup: VariableLookup;
}

/** A statement ready to run. */
export interface CompiledStatement {
  readonly ref: StatementRef;
  readonly statement: Statement;
  readonly actionElement: 'Action' | 'NotAction';
  readonly actionTest: (actionLower: string) => boolean;
  readonly resourceElement: 'Resource' | 'NotResource' | undefined;
  readonly resources: readonly ArnMatcher[];
  readonly principalElement: 'Principal' | 'NotPrincipal' | undefined;
  readonly principal: PrincipalMatcher | undefined;
  readonly conditions: readonly CompiledCondition[];
}

/** A compiled policy: statements in order, and per service prefix the statements that can apply. */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** Statements whose Action or NotAction can match actions of `service` (lower-case), in order. */
  readonly candidates: (service: string) => readonly CompiledStatement[];
}

function compileActions(patterns: readonly string[]): { test: (a: string) => boolean; services: Set<string> | undefined } {
  const exact = new Set<string>();
  const globs: Matcher[] = [];
  let services: Set<string> | undefined = new Set<string>();
  for (const raw of patterns) {
    const p = raw.toLowerCase();
    const colon = p.indexOf(':');
    const service = colon < 0 ? p : p.slice(0, colon);
    if (p === '*' || service.includes('*') || service.includes('?')) services = undefined;
    else services?.add(service);
    // AWS: action names are case-insensitive (Action element page); compare lower-cased.
    if (p.includes('*') || p.includes('?')) globs.push(compileGlob(p));
    else exact.add(p);
  }
  if (globs.length === 0) {
    if (exact.size === 1) { const only = [...exact][0] as string; return { services, test: (a) => a === only }; }
    return { services, test: (a) => exact.has(a) };
  }
  return { services, test: (a) => exact.has(a) || globs.some((g) => g.test(a)) };
}

/** Compile one statement. Throws on a condition the validator would have refused. */
function compileStatement(s: Statement, substitute: boolean): { compiled: CompiledStatement; services: Set<string> | undefined } {
  const actionElement = s.action ? 'Action' : 'NotAction';
  const actions = compileActions(s.action ?? s.notAction ?? []);
  const negateAction = actionElement === 'NotAction';
  const conditions = s.conditions.map((c) => {
    const compiled = compileCondition(c, substitute);
    if (typeof compiled === 'string') throw new Error(compiled);
    return compiled;
  });
  const ref: StatementRef = s.sid === undefined ? { index: s.index, effect: s.effect } : { index: s.index, sid: s.sid, effect: s.effect };
  const compiled: CompiledStatement = {
    ref,
    statement: s,
    actionElement,
    actionTest: negateAction ? (a) => !actions.test(a) : actions.test,
    resourceElement: s.resource ? 'Resource' : s.notResource ? 'NotResource' : undefined,
    resources: (s.resource ?? s.notResource ?? []).map((r) => compileArnPattern(r, substitute)),
    principalElement: s.principal ? 'Principal' : s.notPrincipal ? 'NotPrincipal' : undefined,
    principal: s.principal ? compilePrincipal(s.principal) : s.notPrincipal ? compileNotPrincipal(s.notPrincipal) : undefined,
    conditions,
  };
  return { compiled, services: negateAction ? undefined : actions.services };
}

/** Compile a parsed, validated policy. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const substitute = policy.version === '2012-10-17';
  const statements: CompiledStatement[] = [];
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const s of policy.statements) {
    const { compiled, services } = compileStatement(s, substitute);
    statements.push(compiled);
    if (services === undefined) anyService.push(compiled);
    else for (const svc of services) {
      const list = byService.get(svc) ?? [];
      list.push(compiled);
      byService.set(svc, list);
    }
  }
  const merged = new Map<string, readonly CompiledStatement[]>();
  const candidates = (service: string): readonly CompiledStatement[] => {
    let list = merged.get(service);
    if (list) return list;
    const own = byService.get(service) ?? [];
    list = own.length === 0 ? anyService : anyService.length === 0 ? own : [...own, ...anyService].sort((a, b) => a.ref.index - b.ref.index);
    if (merged.size > 512) merged.clear();
    merged.set(service, list);
    return list;
  };
  return { policy, statements, candidates };
}

/** Validate for a type, then compile. */
export function compileDocument(input: unknown, type: PolicyType, options: ValidateOptions = {}): { ok: true; compiled: CompiledPolicy } | { ok: false; errors: readonly PolicyError[] } {
  const v = validatePolicy(input, type, options);
  return v.ok ? { ok: true, compiled: compilePolicy(v.policy) } : { ok: false, errors: v.errors };
}

/**
 * Reuse compiled policies until their text changes: keyed by policy type and document text.
 * Bounded; the oldest entries go first.
 */
export class PolicyCompileCache {
  /** Per policy type, compiled policies by their text (no key concatenation per lookup); at capacity it starts over. */
  readonly #byType = new Map<PolicyType, Map<string, CompiledPolicy>>();
  #size = 0;
  constructor(private readonly capacity = 1024) {}

  /** The compiled form of `text` as a policy of `type`, compiling (and validating) on first sight. */
  get(text: string, type: PolicyType): { ok: true; compiled: CompiledPolicy } | { ok: false; errors: readonly PolicyError[] } {
    let entries = this.#byType.get(type);
    const hit = entries?.get(text);
    if (hit) return { ok: true, compiled: hit };
    const result = compileDocument(text, type);
    if (result.ok) {
      if (this.#size >= this.capacity) { this.#byType.clear(); this.#size = 0; entries = undefined; }
      if (!entries) { entries = new Map(); this.#byType.set(type, entries); }
      entries.set(text, result.compiled);
      this.#size++;
    }
    return result;
  }

  get size(): number { return this.#size; }
}

/**
 * Run a statement. Returns the principal match kind when every element matches (`'none'`-free),
 * `undefined` when the statement has no principal element and matches, or `false` when it does not apply.
 */
export function runStatement(s: CompiledStatement, input: StatementInput): PrincipalMatchKind | undefined | false {
  if (!s.actionTest(input.actionLower)) return false;
  if (s.resourceElement !== undefined) {
    let any = false;
    for (const r of s.resources) if (r.test(input.resource, input.lookup)) { any = true; break; }
    if (any !== (s.resourceElement === 'Resource')) return false;
  }
  let kind: PrincipalMatchKind | undefined;
  if (s.principal) {
    kind = s.principal.match(input.principal);
    if (kind === 'none') return false;
  }
  for (const c of s.conditions) if (!c.test(input.context, input.lookup)) return false;
  return kind;
}

/** Why a statement does not apply: the first element that fails, in words; undefined if it applies. */
export function explainStatement(s: CompiledStatement, input: StatementInput, action: string): { element: StatementElement; why: string } | undefined {
  if (!s.actionTest(input.actionLower)) {
    const list = s.statement.action ?? s.statement.notAction ?? [];
    return s.actionElement === 'Action'
      ? { element: 'Action', why: `${action} matches none of ${JSON.stringify(list)}` }
      : { element: 'NotAction', why: `${action} is excluded by NotAction ${JSON.stringify(list)}` };
  }
  if (s.resourceElement !== undefined) {
    const list = s.statement.resource ?? s.statement.notResource ?? [];
    const any = s.resources.some((r) => r.test(input.resource, input.lookup));
    if (s.resourceElement === 'Resource' && !any) {
      const vars = s.resources.some((r) => r.hasVariables) ? ' (after substituting policy variables)' : '';
      return { element: 'Resource', why: `${input.resource.text} matches none of ${JSON.stringify(list)}${vars}` };
    }
    if (s.resourceElement === 'NotResource' && any) return { element: 'NotResource', why: `${input.resource.text} is excluded by NotResource ${JSON.stringify(list)}` };
  }
  if (s.principal && s.principal.match(input.principal) === 'none') {
    return s.principalElement === 'Principal'
      ? { element: 'Principal', why: `${input.principal.arn} (${input.principal.type}) is not named by Principal ${s.principal.describe}` }
      : { element: 'NotPrincipal', why: `${input.principal.arn} is exempted by NotPrincipal ${s.principal.describe}` };
  }
  for (const c of s.conditions) {
    if (!c.test(input.context, input.lookup)) return { element: 'Condition', why: c.explain(input.context, input.lookup) };
  }
  return undefined;
}

/** Split a request resource once for all statements. */
export function splitResource(resource: string): SplitArn {
  return splitArn(resource);
}
