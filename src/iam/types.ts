/** @module The shared vocabulary of the policy engine: policy documents, requests, decisions and their reasons. */

/** The kinds of policy the engine knows. `boundary` is a permissions boundary; `scp` a service control policy. */
export const POLICY_TYPES = ['identity', 'resource', 'endpoint', 'scp', 'boundary'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** Policy language versions. A missing `Version` behaves like 2008-10-17: no policy variables. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
export type PolicyVersion = (typeof POLICY_VERSIONS)[number];

export type Effect = 'Allow' | 'Deny';

/** The principal element after normalisation: `*` or a map of principal kinds to identifiers. */
export type PrincipalValue =
  | { readonly kind: 'any' }
  | { readonly kind: 'map'; readonly entries: readonly PrincipalEntry[] };

export const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalKey = (typeof PRINCIPAL_KEYS)[number];

export interface PrincipalEntry {
  readonly key: PrincipalKey;
  readonly value: string;
}

/** One condition: operator text as written, condition key as written, values as strings. */
export interface ConditionClause {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement after parsing: every list element is a list, absent elements are undefined. */
export interface Statement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly principal: PrincipalValue | undefined;
  readonly notPrincipal: PrincipalValue | undefined;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly conditions: readonly ConditionClause[];
}

/** A parsed and validated policy document. */
export interface Policy {
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

/** Types of caller the request can come from (scenario `principal.type`). */
export const PRINCIPAL_TYPES = ['IAMUser', 'AssumedRole', 'Role', 'FederatedUser', 'Account', 'Service', 'Anonymous'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** The caller. For `Service` the ARN is the service principal name (`s3.amazonaws.com`). */
export interface RequestPrincipal {
  readonly arn: string;
  readonly account: string;
  readonly type: PrincipalType;
  /** S3 canonical user id, matched by `{"CanonicalUser": ...}`. */
  readonly canonicalId?: string;
}

/** The VPC endpoint a request travelled through. */
export interface ViaEndpoint {
  readonly vpceId: string;
  readonly vpcId: string;
  readonly service: string;
  readonly type: 'Gateway' | 'Interface';
}

/** A request as callers describe it. Context values are a string or a list (a multivalued key). */
export interface AuthzRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount?: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly viaEndpoint?: ViaEndpoint | null;
}

/** Where a policy sits in the evaluated set. */
export interface PolicyRef {
  readonly type: PolicyType;
  /** Position in its list (0 for the single endpoint policy). */
  readonly index: number;
  /** Account owning a resource policy, or the endpoint id. */
  readonly owner?: string;
  /** Policy `Id` element, when present. */
  readonly id?: string;
}

export interface StatementRef {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
}

/** Elements a statement is made of, as named in reasons. */
export type StatementElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition';

/** How a resource or endpoint policy named the caller; decides which other policy types still apply. */
export type PrincipalMatchKind = 'none' | 'wildcard' | 'account' | 'role' | 'exact' | 'service' | 'canonical' | 'federated' | 'not-principal';

/** Every decision carries reasons; each reason is data. */
export type Reason =
  | { readonly kind: 'statement-denies'; readonly policy: PolicyRef; readonly statement: StatementRef; readonly why: string }
  | { readonly kind: 'statement-allows'; readonly policy: PolicyRef; readonly statement: StatementRef; readonly principalMatch?: PrincipalMatchKind; readonly why: string }
  | { readonly kind: 'near-miss'; readonly policy: PolicyRef; readonly statement: StatementRef; readonly element: StatementElement; readonly why: string }
  | { readonly kind: 'no-allow'; readonly policyType: PolicyType; readonly why: string }
  | { readonly kind: 'not-applicable'; readonly policyType: PolicyType; readonly why: string }
  | { readonly kind: 'grant'; readonly why: string }
  | { readonly kind: 'context'; readonly why: string };

export const DECISIONS = ['Allow', 'ImplicitDeny', 'ExplicitDeny'] as const;
export type DecisionValue = (typeof DECISIONS)[number];

/** The outcome of one evaluation. */
export interface Decision {
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
}
