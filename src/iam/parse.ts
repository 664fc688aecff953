/** @module Policy grammar: JSON text or value to a `Policy`, with every problem reported as a rule id, a JSON path and a detail. */
import type { ConditionClause, Effect, Policy, PolicyVersion, PrincipalEntry, PrincipalKey, PrincipalValue, Statement } from './types.js';
import { POLICY_VERSIONS, PRINCIPAL_KEYS } from './types.js';

/** Problems the grammar can find. `validate.ts` turns each into the message the owning AWS service gives. */
export const GRAMMAR_RULES = [
  'syntax', 'not-object', 'unknown-element', 'missing-statement', 'invalid-statement', 'missing-effect', 'invalid-effect',
  'missing-action', 'action-and-notaction', 'invalid-action', 'missing-resource', 'resource-and-notresource', 'invalid-resource',
  'principal-prohibited', 'missing-principal', 'principal-and-notprincipal', 'invalid-principal', 'invalid-condition',
  'invalid-version', 'invalid-sid', 'duplicate-sid', 'too-large', 'invalid-value',
] as const;
export type GrammarRule = (typeof GRAMMAR_RULES)[number];

export interface GrammarIssue {
  readonly rule: GrammarRule;
  /** JSON-pointer-like path: `/Statement/0/Effect`. */
  readonly path: string;
  readonly detail: string;
}

export type ParseOutcome =
  | { readonly ok: true; readonly policy: Policy; readonly text: string }
  | { readonly ok: false; readonly issues: readonly GrammarIssue[]; readonly text: string };

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Line and column (1-based) of a character offset, as EC2 reports syntax errors. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; column = 1; } else column++;
  }
  return { line, column };
}

/** Parse JSON text, reporting the failing position. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; detail: string; line: number; column: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    const pos = positionOf(text, m ? Number(m[1]) : text.length);
    return { ok: false, detail: message, ...pos };
  }
}

/** Read a string-or-list element; undefined plus an issue when it holds something else. */
function stringList(value: unknown, path: string, issues: GrammarIssue[]): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  issues.push({ rule: 'invalid-value', path, detail: `expected a string or a list of strings, got ${JSON.stringify(value)}` });
  return undefined;
}

function parsePrincipal(value: unknown, path: string, issues: GrammarIssue[]): PrincipalValue | undefined {
  if (value === '*') return { kind: 'any' };
  if (!isRecord(value)) {
    issues.push({ rule: 'invalid-principal', path, detail: `a principal is "*" or an object such as {"AWS": ...}, got ${JSON.stringify(value)}` });
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const [key, raw] of Object.entries(value)) {
    if (!(PRINCIPAL_KEYS as readonly string[]).includes(key)) {
      issues.push({ rule: 'invalid-principal', path: `${path}/${key}`, detail: `unknown principal type ${key} (AWS, Service, Federated, CanonicalUser)` });
      continue;
    }
    const list = stringList(raw, `${path}/${key}`, issues);
    if (list) for (const v of list) entries.push({ key: key as PrincipalKey, value: v });
  }
  if (entries.length === 0 && issues.length === 0) issues.push({ rule: 'invalid-principal', path, detail: 'the principal names nobody' });
  return { kind: 'map', entries };
}

function conditionValues(raw: unknown, path: string, issues: GrammarIssue[]): string[] | undefined {
  const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const v of list) {
    const s = one(v);
    if (s === undefined) {
      issues.push({ rule: 'invalid-condition', path, detail: `condition values are strings, numbers or booleans, got ${JSON.stringify(v)}` });
      return undefined;
    }
    out.push(s);
  }
  return out;
}

function parseConditions(value: unknown, path: string, issues: GrammarIssue[]): ConditionClause[] {
  if (!isRecord(value)) {
    issues.push({ rule: 'invalid-condition', path, detail: 'Condition is an object of operators' });
    return [];
  }
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) {
      issues.push({ rule: 'invalid-condition', path: `${path}/${operator}`, detail: `${operator} must map condition keys to values` });
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = conditionValues(raw, `${path}/${operator}/${key}`, issues);
      if (values) out.push({ operator, key, values });
    }
  }
  return out;
}

function parseStatement(raw: unknown, index: number, pathOf: string, issues: GrammarIssue[]): Statement | undefined {
  const path = pathOf;
  if (!isRecord(raw)) {
    issues.push({ rule: 'invalid-statement', path, detail: 'a statement is an object' });
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) issues.push({ rule: 'unknown-element', path: `${path}/${key}`, detail: `unknown statement element ${key}` });
  }
  let sid: string | undefined;
  if (raw['Sid'] !== undefined) {
    if (typeof raw['Sid'] === 'string') sid = raw['Sid'];
    else issues.push({ rule: 'invalid-sid', path: `${path}/Sid`, detail: 'Sid is a string' });
  }
  let effect: Effect = 'Deny';
  if (raw['Effect'] === undefined) issues.push({ rule: 'missing-effect', path: `${path}/Effect`, detail: 'Effect is required' });
  else if (raw['Effect'] === 'Allow' || raw['Effect'] === 'Deny') effect = raw['Effect'];
  else issues.push({ rule: 'invalid-effect', path: `${path}/Effect`, detail: `Effect is "Allow" or "Deny", got ${JSON.stringify(raw['Effect'])}` });

  const has = (k: string): boolean => raw[k] !== undefined;
  if (has('Action') && has('NotAction')) issues.push({ rule: 'action-and-notaction', path, detail: 'a statement has Action or NotAction, not both' });
  if (!has('Action') && !has('NotAction')) issues.push({ rule: 'missing-action', path: `${path}/Action`, detail: 'a statement needs Action or NotAction' });
  if (has('Resource') && has('NotResource')) issues.push({ rule: 'resource-and-notresource', path, detail: 'a statement has Resource or NotResource, not both' });
  if (has('Principal') && has('NotPrincipal')) issues.push({ rule: 'principal-and-notprincipal', path, detail: 'a statement has Principal or NotPrincipal, not both' });

  const action = has('Action') ? stringList(raw['Action'], `${path}/Action`, issues) : undefined;
  const notAction = has('NotAction') ? stringList(raw['NotAction'], `${path}/NotAction`, issues) : undefined;
  const resource = has('Resource') ? stringList(raw['Resource'], `${path}/Resource`, issues) : undefined;
  const notResource = has('NotResource') ? stringList(raw['NotResource'], `${path}/NotResource`, issues) : undefined;
  const principal = has('Principal') ? parsePrincipal(raw['Principal'], `${path}/Principal`, issues) : undefined;
  const notPrincipal = has('NotPrincipal') ? parsePrincipal(raw['NotPrincipal'], `${path}/NotPrincipal`, issues) : undefined;
  const conditions = has('Condition') ? parseConditions(raw['Condition'], `${path}/Condition`, issues) : [];
  if (issues.length > before) return undefined;
  return { index, sid, effect, principal, notPrincipal, action, notAction, resource, notResource, conditions };
}

/**
 * Parse a policy document (JSON text or an already-parsed value) by the grammar shared by every
 * policy type. Type-specific rules (principals, sizes, messages) live in `validate.ts`.
 */
export function parsePolicyDocument(input: unknown): ParseOutcome {
  let value: unknown = input;
  let text: string;
  if (typeof input === 'string') {
    text = input;
    const parsed = parseJson(input);
    if (!parsed.ok) return { ok: false, text, issues: [{ rule: 'syntax', path: '', detail: `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.detail}` }] };
    value = parsed.value;
  } else {
    text = JSON.stringify(input) ?? '';
  }
  if (!isRecord(value)) return { ok: false, text, issues: [{ rule: 'not-object', path: '', detail: 'a policy document is a JSON object' }] };
  const issues: GrammarIssue[] = [];
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) issues.push({ rule: 'unknown-element', path: `/${key}`, detail: `unknown top-level element ${key}` });
  }
  let version: PolicyVersion | undefined;
  if (value['Version'] !== undefined) {
    if ((POLICY_VERSIONS as readonly unknown[]).includes(value['Version'])) version = value['Version'] as PolicyVersion;
    else issues.push({ rule: 'invalid-version', path: '/Version', detail: `Version is "2012-10-17" or "2008-10-17", got ${JSON.stringify(value['Version'])}` });
  }
  const id = typeof value['Id'] === 'string' ? value['Id'] : undefined;
  if (value['Id'] !== undefined && id === undefined) issues.push({ rule: 'invalid-value', path: '/Id', detail: 'Id is a string' });
  const rawStatements = value['Statement'];
  const statements: Statement[] = [];
  if (rawStatements === undefined) {
    issues.push({ rule: 'missing-statement', path: '/Statement', detail: 'Statement is required' });
  } else {
    const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    list.forEach((raw, i) => {
      const s = parseStatement(raw, i, Array.isArray(rawStatements) ? `/Statement/${i}` : '/Statement', issues);
      if (s) statements.push(s);
    });
  }
  if (issues.length > 0) return { ok: false, text, issues };
  return { ok: true, text, policy: { version, id, statements } };
}
