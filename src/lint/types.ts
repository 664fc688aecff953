/** @module The lint vocabulary: rules, findings, the proof each finding carries, and what a lint run reads. */
import type { DnsAnswer } from '../engine/dns.js';
import type { CompiledPartition, NetworkView } from '../engine/network-view.js';
import type { PolicyTrace } from '../engine/policy-hop.js';
import type { Decision } from '../iam/index.js';
import type { FlowRecord } from './flow-log.js';

/** SARIF's levels, most severe first; `--fail-on` compares against this order. */
export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A rule's fixed description: what the docs table, `--format sarif` and the text report show. */
export interface RuleInfo {
  /** Stable id (`VPCE001`...): never reused for another pitfall. */
  readonly id: string;
  /** PascalCase name (SARIF `name`). */
  readonly name: string;
  readonly severity: Severity;
  /** One line. */
  readonly title: string;
  /** What the pitfall is and why it hurts. */
  readonly description: string;
  /** What to do about it. */
  readonly help: string;
  /** The AWS documentation page the rule follows. */
  readonly helpUri: string;
}

/** A resource a finding names. */
export interface ResourceRef {
  readonly id: string;
  /** `vpc`, `routeTable`, `securityGroup`, `bucket`, ... */
  readonly kind: string;
  readonly account: string;
  readonly region: string;
  /** The ARN when the resource has one in AWS's scheme. */
  readonly arn: string;
}

/**
 * What the engine answered that makes a finding true. `trace`: a flow traced over the compiled network (and the
 * policy hop when the question was a service request); `policy`: a policy evaluation by `iam` with its reasons;
 * `dns`: the VPC resolver's answer; `config`: configuration facts, used only where no flow or policy question
 * decides the matter (the rule says so in its docs).
 */
export type Proof =
  | { readonly kind: 'trace'; readonly question: string; readonly trace: PolicyTrace }
  | { readonly kind: 'policy'; readonly question: string; readonly decision: Decision; readonly context: Readonly<Record<string, string>>; readonly policy: string }
  | { readonly kind: 'dns'; readonly question: string; readonly answer: DnsAnswer }
  | { readonly kind: 'config'; readonly facts: readonly string[] };

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** The resource the finding is about first, then the others involved. */
  readonly resources: readonly ResourceRef[];
  readonly proof: readonly Proof[];
  /** Figures a rule computes (the NAT cost rule's monthly estimate). */
  readonly data?: Readonly<Record<string, number | string>>;
}

/** A bucket as lint sees it (S3 keeps buckets outside the model). */
export interface LintBucket {
  readonly name: string;
  readonly owner: string;
  readonly region: string;
  readonly policy: string | null;
}

/** Where an imported record came from (file and, when known, the JSON pointer of the record). */
export interface SourceLocation {
  readonly file: string;
  readonly pointer?: string;
}

export interface LintOptions {
  /** Monthly S3/DynamoDB volume (GB) per subnet for the NAT cost estimate. */
  readonly volumeGb?: number;
  /** Flow log records of the state (VPCE011 prices the service bytes its NAT gateways processed). */
  readonly flowLogs?: readonly FlowRecord[];
}

/** What every rule reads: the compiled network, the partitions to look at, buckets, options. */
export interface LintContext {
  readonly view: NetworkView;
  readonly partitions: readonly CompiledPartition[];
  readonly buckets: readonly LintBucket[];
  readonly options: LintOptions;
}

export interface Rule {
  readonly info: RuleInfo;
  check(ctx: LintContext): Finding[];
}

/** A whole run's result, in a stable order (rule id, then first resource id). */
export interface LintReport {
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleInfo[];
  /** Partitions linted (`account/region`). */
  readonly scope: readonly string[];
  /** Rules that failed to run (a bug, reported rather than ending the run); their findings are missing. */
  readonly failures?: readonly { readonly ruleId: string; readonly message: string }[];
}
