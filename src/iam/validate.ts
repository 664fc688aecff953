/** @module Policy validation per policy type, with the error code and message text of the AWS service that owns each type, and size limits. */
import { looksLikeArn } from './arn.js';
import { compileCondition } from './conditions/condition.js';
import { parsePolicyDocument, type GrammarIssue, type GrammarRule } from './parse.js';
import type { Policy, PolicyType, PrincipalValue, Statement } from './types.js';

/** One validation error: the service's error code, its message, where, and the rule broken. */
export interface PolicyError {
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly rule: GrammarRule;
  /** Our own words on what to fix. */
  readonly detail: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly errors: readonly PolicyError[] };

/** Which identity policy the document is, for its size limit. */
export type IdentityKind = 'managed' | 'user-inline' | 'group-inline' | 'role-inline';

export interface ValidateOptions {
  readonly identityKind?: IdentityKind;
}

/**
 * Size limits. AWS (IAM and AWS STS quotas): managed policy 6,144 characters, inline user 2,048,
 * group 5,120, role 10,240, whitespace not counted. S3 bucket policy 20 KB. VPC endpoint policy
 * 20,480 characters including white space (PrivateLink guide, endpoint policies). SCP 5,120 characters.
 */
export const SIZE_LIMITS = {
  identity: { managed: 6144, 'user-inline': 2048, 'group-inline': 5120, 'role-inline': 10240 },
  boundary: 6144,
  resource: 20480,
  endpoint: 20480,
  scp: 5120,
} as const;

type Catalog = { readonly code: string; readonly sizeCode: string; readonly message: (rule: GrammarRule, issue: GrammarIssue, limit: number) => string };

// IAM (identity policies and permissions boundaries): MalformedPolicyDocument messages as IAM returns them.
const IAM: Catalog = {
  code: 'MalformedPolicyDocument',
  sizeCode: 'LimitExceeded',
  message: (rule, issue, limit) => {
    switch (rule) {
      case 'missing-effect': return 'Missing required field Effect';
      case 'missing-action': return 'Policy statement must contain actions.';
      case 'missing-resource': return 'Policy statement must contain resources.';
      case 'invalid-action': return issue.detail.includes('only one colon') ? 'Actions/Condition can contain only one colon.' : 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
      case 'invalid-resource': return `Resource ${issue.detail.replace(/^resource /, '').split(' ')[0] ?? ''} must be in ARN format or "*".`;
      case 'principal-prohibited': return 'Policy document should not specify a principal.';
      case 'invalid-principal': return `Invalid principal in policy: ${issue.detail}`;
      case 'invalid-version': return 'The policy must contain a valid version string';
      case 'invalid-sid': return 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';
      case 'duplicate-sid': return 'Statement IDs (SID) in a single policy must be unique.';
      case 'too-large': return `Cannot exceed quota for PolicySize: ${limit}`;
      default: return 'Syntax errors in policy.';
    }
  },
};

// S3 (bucket policies, the resource policies this emulator serves): MalformedPolicy.
const S3: Catalog = {
  code: 'MalformedPolicy',
  sizeCode: 'MalformedPolicy',
  message: (rule, issue) => {
    switch (rule) {
      case 'syntax': case 'not-object': return "Policies must be valid JSON and the first byte must be '{'";
      case 'missing-statement': return 'Missing required field Statement';
      case 'missing-effect': return 'Missing required field Effect';
      case 'invalid-effect': return `Invalid effect: ${issue.detail.replace(/^.*got /, '')}`;
      case 'missing-action': return 'Missing required field Action';
      case 'invalid-action': return 'Policy has invalid action';
      case 'missing-resource': return 'Missing required field Resource';
      case 'invalid-resource': return 'Policy has invalid resource';
      case 'missing-principal': return 'Missing required field Principal';
      case 'invalid-principal': return 'Invalid principal in policy';
      case 'invalid-condition': return 'Policy has an invalid condition key';
      case 'unknown-element': return `Unknown field ${issue.path.split('/').pop() ?? ''}`;
      case 'too-large': return 'Policy exceeds the maximum allowed document size.';
      default: return 'Invalid policy syntax.';
    }
  },
};

// EC2 (VPC endpoint policies): InvalidPolicyDocument, e.g. "The Policy Document is not valid. Syntax error at position (1,75)".
const EC2: Catalog = {
  code: 'InvalidPolicyDocument',
  sizeCode: 'InvalidPolicyDocument',
  message: (rule, issue, limit) => {
    if (rule === 'syntax') {
      const m = /line (\d+), column (\d+)/.exec(issue.detail);
      return `The Policy Document is not valid. Syntax error at position (${m?.[1] ?? 1},${m?.[2] ?? 1})`;
    }
    if (rule === 'too-large') return `The Policy Document is not valid. The policy exceeds ${limit} characters.`;
    if (rule === 'missing-principal') return 'The Policy Document is not valid. Missing required field Principal';
    return `The Policy Document is not valid. ${IAM.message(rule, issue, limit)}`;
  },
};

// AWS Organizations (SCPs).
const ORGANIZATIONS: Catalog = {
  code: 'MalformedPolicyDocumentException',
  sizeCode: 'ConstraintViolationException',
  message: (rule) => (rule === 'too-large'
    ? 'You attempted to create or update a policy with contents that exceed the policy content size limit. (POLICY_CONTENT_LIMIT_EXCEEDED)'
    : 'The provided policy document does not meet the requirements of the specified policy type.'),
};

const CATALOG: Readonly<Record<PolicyType, Catalog>> = { identity: IAM, boundary: IAM, resource: S3, endpoint: EC2, scp: ORGANIZATIONS };

const AWS_PRINCIPAL = [
  /^\d{12}$/,
  /^arn:aws[a-z-]*:iam::\d{12}:root$/,
  /^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]+$/,
  /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
  /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/,
  /^arn:aws[a-z-]*:sts::\d{12}:federated-user\/[\w+=,.@-]+$/,
  /^A[A-Z0-9]{15,}$/,
];

function checkPrincipal(p: PrincipalValue, path: string, issues: GrammarIssue[]): void {
  if (p.kind === 'any') return;
  for (const e of p.entries) {
    const shown = `"${e.key}":"${e.value}"`;
    // AWS: the only wildcard a principal may hold is a lone "*" (Principal element page).
    if (e.value === '*' && e.key === 'AWS') continue;
    const bad = e.value.includes('*') || e.value.includes('?') || e.value === ''
      || (e.key === 'AWS' && !AWS_PRINCIPAL.some((re) => re.test(e.value)))
      || (e.key === 'CanonicalUser' && !/^[0-9a-f]{64}$/.test(e.value))
      || (e.key === 'Service' && !/^[a-z0-9.-]+$/.test(e.value));
    if (bad) issues.push({ rule: 'invalid-principal', path: `${path}/${e.key}`, detail: shown });
  }
}

// AWS (PrivateLink guide, endpoint policies): no wildcards or numeric operators on keys holding system-generated identifiers.
const SYSTEM_ID_KEYS = new Set(['aws:principalaccount', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:principalorgid', 'aws:resourceaccount', 'aws:sourceaccount', 'aws:vpceaccount', 'aws:vpceorgid']);

function checkStatement(s: Statement, type: PolicyType, substitute: boolean, path: string, issues: GrammarIssue[]): void {
  const identityLike = type === 'identity' || type === 'boundary' || type === 'scp';
  if (identityLike && (s.principal || s.notPrincipal)) {
    issues.push({ rule: 'principal-prohibited', path: `${path}/${s.principal ? 'Principal' : 'NotPrincipal'}`, detail: `${type} policies do not name a principal; remove it` });
  }
  if (!identityLike && !s.principal && !s.notPrincipal) {
    issues.push({ rule: 'missing-principal', path: `${path}/Principal`, detail: `${type} policies need a Principal (for example "*")` });
  }
  if (s.principal) checkPrincipal(s.principal, `${path}/Principal`, issues);
  if (s.notPrincipal) checkPrincipal(s.notPrincipal, `${path}/NotPrincipal`, issues);
  const actions = s.action ?? s.notAction ?? [];
  for (const a of actions) {
    if (a === '*') continue;
    const colons = a.split(':').length - 1;
    if (colons === 0) issues.push({ rule: 'invalid-action', path: `${path}/${s.action ? 'Action' : 'NotAction'}`, detail: `action ${a} needs a service prefix, as in s3:GetObject` });
    else if (colons > 1) issues.push({ rule: 'invalid-action', path: `${path}/${s.action ? 'Action' : 'NotAction'}`, detail: `action ${a}: only one colon` });
    else if (!/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?-]*$/.test(a)) issues.push({ rule: 'invalid-action', path: `${path}/${s.action ? 'Action' : 'NotAction'}`, detail: `action ${a} has characters actions never hold` });
  }
  if (!s.resource && !s.notResource) issues.push({ rule: 'missing-resource', path: `${path}/Resource`, detail: 'a statement needs Resource or NotResource ("*" for all)' });
  for (const r of s.resource ?? s.notResource ?? []) {
    if (r !== '*' && !looksLikeArn(r)) issues.push({ rule: 'invalid-resource', path: `${path}/${s.resource ? 'Resource' : 'NotResource'}`, detail: `resource ${r} is neither "*" nor an ARN (arn:partition:service:region:account:resource)` });
  }
  s.conditions.forEach((c) => {
    const at = `${path}/Condition/${c.operator}/${c.key}`;
    if (!c.key.includes(':')) issues.push({ rule: 'invalid-condition', path: at, detail: `condition key ${c.key} needs a vendor prefix, as in aws:SourceVpce` });
    const compiled = compileCondition(c, substitute);
    if (typeof compiled === 'string') { issues.push({ rule: 'invalid-condition', path: at, detail: compiled }); return; }
    if (type === 'endpoint' && SYSTEM_ID_KEYS.has(c.key.toLowerCase())) {
      if (compiled.operator.family === 'Numeric') issues.push({ rule: 'invalid-condition', path: at, detail: `${c.key} holds a system-generated identifier: numeric operators are not allowed on it in an endpoint policy` });
      if (c.values.some((v) => v.includes('*') || v.includes('?'))) issues.push({ rule: 'invalid-condition', path: at, detail: `${c.key} holds a system-generated identifier: wildcards are not allowed on it in an endpoint policy` });
    }
  });
}

function sizeOf(text: string, type: PolicyType): number {
  // AWS: IAM does not count white space; endpoint and SCP limits include it; S3 counts bytes.
  if (type === 'identity' || type === 'boundary') return text.replace(/\s+/g, '').length;
  if (type === 'resource') return Buffer.byteLength(text, 'utf8');
  return text.length;
}

/** Parse a policy by the grammar alone (no type rules): used for lenient loading. */
export function parsePolicy(input: unknown): ValidationResult {
  const outcome = parsePolicyDocument(input);
  if (outcome.ok) return { ok: true, policy: outcome.policy };
  return { ok: false, errors: outcome.issues.map((i) => ({ code: 'MalformedPolicyDocument', message: IAM.message(i.rule, i, 0), path: i.path, rule: i.rule, detail: i.detail })) };
}

/** Validate a policy for its type: grammar, principal rules, condition operators and values, size. */
export function validatePolicy(input: unknown, type: PolicyType, options: ValidateOptions = {}): ValidationResult {
  const outcome = parsePolicyDocument(input);
  const issues: GrammarIssue[] = outcome.ok ? [] : [...outcome.issues];
  const limit = type === 'identity' ? SIZE_LIMITS.identity[options.identityKind ?? 'managed'] : SIZE_LIMITS[type];
  const size = sizeOf(outcome.text, type);
  if (size > limit) issues.push({ rule: 'too-large', path: '', detail: `the policy is ${size} characters; the ${type} limit is ${limit}` });
  if (outcome.ok) {
    const policy = outcome.policy;
    const substitute = policy.version === '2012-10-17';
    const sids = new Set<string>();
    policy.statements.forEach((s, i) => {
      const path = `/Statement/${i}`;
      if (s.sid !== undefined && (type === 'identity' || type === 'boundary')) {
        if (!/^[0-9A-Za-z]*$/.test(s.sid)) issues.push({ rule: 'invalid-sid', path: `${path}/Sid`, detail: `Sid ${JSON.stringify(s.sid)} may hold only letters and digits` });
        if (sids.has(s.sid)) issues.push({ rule: 'duplicate-sid', path: `${path}/Sid`, detail: `Sid ${s.sid} appears twice` });
        sids.add(s.sid);
      }
      checkStatement(s, type, substitute, path, issues);
    });
    if (policy.statements.length === 0) issues.push({ rule: 'missing-statement', path: '/Statement', detail: 'the policy has no statements' });
  }
  if (issues.length === 0 && outcome.ok) return { ok: true, policy: outcome.policy };
  const catalog = CATALOG[type];
  return {
    ok: false,
    errors: issues.map((i) => ({
      code: i.rule === 'too-large' ? catalog.sizeCode : catalog.code,
      message: catalog.message(i.rule, i, limit),
      path: i.path,
      rule: i.rule,
      detail: i.detail,
    })),
  };
}
