/** @module What each output's reader is given: where the document came from, the account, and where records go. */
import { createHash } from 'node:crypto';
import type { PrefixListEntry } from '../model/resources.js';
import type { Drafts } from './drafts.js';
import type { Findings } from './findings.js';

export interface ParseContext {
  readonly account: string;
  /** The Region of this document (its folder's, else the import's). */
  readonly region: string;
  readonly file: string;
  /** Epoch ms standing in for creation times the outputs do not print. */
  readonly now: number;
  readonly drafts: Drafts;
  readonly findings: Findings;
  /** Security group rule ids from describe-security-group-rules, by `ruleKey` (describe-security-groups has none). */
  readonly sgRuleIds: Map<string, string>;
  /** Entries of managed prefix lists from get-managed-prefix-list-entries, by list id. */
  readonly prefixListEntries: Map<string, PrefixListEntry[]>;
  /** Target health outputs: target group ARN -> targets. */
  readonly targets: Map<string, { id: string; port: number; availabilityZone?: string }[]>;
  /** Bucket Regions from get-bucket-location, by bucket name. */
  readonly bucketRegions: Map<string, string>;
}

/**
 * A stable id for something the outputs print no id for (a security group rule in describe-security-groups): the
 * same input gives the same id, so import -> snapshot -> import keeps it.
 */
export function derivedId(prefix: string, seed: string, length = 17): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, length)}`;
}
