/** @module Network ACLs: the default ACL every VPC gets, per-subnet associations, entries and their validation. */
import { ec2Errors } from '../errors/ec2.js';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import { associatedIpv6Blocks } from './ipv6-pool.js';
import { mustGet } from './lookup.js';
import type { NetworkAcl, NetworkAclEntry } from './resources.js';
import type { PartitionTx, Tx } from './world.js';

/** The catch-all rule number AWS prints as 32767 (`*` in the console). */
export const CATCH_ALL_RULE = 32767;

/** AWS: the default network ACL allows all inbound and outbound IPv4 traffic (rule 100), then denies (rule *). */
export function defaultAclEntries(allowAll: boolean): NetworkAclEntry[] {
  const out: NetworkAclEntry[] = [];
  for (const egress of [false, true]) {
    if (allowAll) out.push({ ruleNumber: 100, egress, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' });
    out.push({ ruleNumber: CATCH_ALL_RULE, egress, protocol: '-1', action: 'deny', cidrBlock: '0.0.0.0/0' });
  }
  return out;
}

export function createNetworkAcl(tx: Tx, p: PartitionTx, vpcId: string, isDefault: boolean, tags: NetworkAcl['tags'] = []): NetworkAcl {
  return p.put({
    kind: 'networkAcl', id: tx.ids.next('networkAcl'), ownerId: p.account, tags, vpcId, isDefault,
    entries: defaultAclEntries(isDefault), associations: [],
  });
}

/** The VPC's default network ACL. */
export function defaultAclOf(p: PartitionTx, vpcId: string): NetworkAcl | undefined {
  for (const acl of p.childrenOf(vpcId, 'networkAcl')) if (acl.isDefault) return acl;
  return undefined;
}

/** The ACL a subnet is associated with. */
export function aclOfSubnet(p: PartitionTx, vpcId: string, subnetId: string): NetworkAcl | undefined {
  for (const acl of p.childrenOf(vpcId, 'networkAcl')) if (acl.associations.some((a) => a.subnetId === subnetId)) return acl;
  return undefined;
}

/** Associate a new subnet with the VPC's default ACL (every subnet has exactly one ACL). */
export function associateDefaultAcl(tx: Tx, p: PartitionTx, vpcId: string, subnetId: string): void {
  const acl = defaultAclOf(p, vpcId);
  if (!acl) return;
  p.put({ ...acl, associations: [...acl.associations, { associationId: tx.ids.next('networkAclAssociation'), subnetId }] });
}

/** Remove a deleted subnet's association. */
export function dropAclAssociation(p: PartitionTx, vpcId: string, subnetId: string): void {
  const acl = aclOfSubnet(p, vpcId, subnetId);
  if (acl) p.put({ ...acl, associations: acl.associations.filter((a) => a.subnetId !== subnetId) });
}

/** AWS: at most 20 inbound and 20 outbound rules per network ACL, counted separately for IPv4 and IPv6 ("Amazon VPC quotas"). */
export const MAX_ACL_ENTRIES_PER_DIRECTION = 20;

/** AWS: rule numbers are "Positive integer from 1 to 32766. The range 32767 to 65535 is reserved for internal use." */
export const MAX_RULE_NUMBER = 32766;

/**
 * AWS: "Value (32768) for parameter ruleNumber is invalid. Rulenumber must be in range 1..32766" (the answer
 * DeleteNetworkAclEntry gives for a catch-all entry; the same check guards create and replace).
 */
function checkRuleNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_RULE_NUMBER) {
    throw ec2Errors.invalidParameterValue(`Value (${n}) for parameter ruleNumber is invalid. Rulenumber must be in range 1..${MAX_RULE_NUMBER}`);
  }
}

/** Protocol names accepted in place of numbers (the AWS CLI documents `--protocol udp`). */
const ACL_PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { all: '-1', tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };

/** Protocol numbers and the names EC2 filters also accept for them (`entry.protocol`). */
export const ACL_PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** An entry as a caller gives it, before validation. */
export interface AclEntryInput {
  readonly ruleNumber: number | undefined;
  readonly protocol: string | undefined;
  readonly action: string | undefined;
  readonly egress: boolean | undefined;
  readonly cidrBlock?: string | undefined;
  readonly ipv6CidrBlock?: string | undefined;
  readonly portRange?: { readonly from?: number | undefined; readonly to?: number | undefined } | undefined;
  readonly icmp?: { readonly type?: number | undefined; readonly code?: number | undefined } | undefined;
}

/** The protocol as EC2 stores an ACL entry's: the number as text, `-1` for all. */
export function normalizeAclProtocol(text: string | undefined): string {
  if (text === undefined || text === '') throw ec2Errors.missingParameter('protocol');
  const lower = text.toLowerCase();
  const named = ACL_PROTOCOL_NUMBERS[lower];
  if (named !== undefined) return named;
  if (lower === '-1') return '-1';
  if (/^\d{1,3}$/.test(lower) && Number(lower) <= 255) return String(Number(lower));
  throw ec2Errors.invalidParameterValue(`Invalid value '${text}' for protocol. Unknown protocol.`);
}

/**
 * Validate an entry (pure: no partition access). AWS ("CreateNetworkAclEntry"): rule number 1-32766; exactly one
 * of an IPv4 or IPv6 CIDR (canonicalized); TCP (6) and UDP (17) need a port range, ICMP (1) and ICMPv6 (58) with
 * an IPv6 block need a type and code; for any other protocol "traffic on all ports is allowed, regardless of any
 * ports or ICMP types or codes that you specify", so those are dropped.
 */
export function validateAclEntry(input: AclEntryInput): NetworkAclEntry {
  const n = input.ruleNumber;
  if (n === undefined) throw ec2Errors.missingParameter('ruleNumber');
  checkRuleNumber(n);
  if (input.egress === undefined) throw ec2Errors.missingParameter('egress');
  const protocol = normalizeAclProtocol(input.protocol);
  const actionText = (input.action ?? '').toLowerCase();
  if (actionText === '') throw ec2Errors.missingParameter('ruleAction');
  if (actionText !== 'allow' && actionText !== 'deny') {
    throw ec2Errors.invalidParameterValue(`Value (${input.action}) for parameter ruleAction is invalid. Valid values: allow, deny.`);
  }
  const hasV4 = input.cidrBlock !== undefined && input.cidrBlock !== '';
  const hasV6 = input.ipv6CidrBlock !== undefined && input.ipv6CidrBlock !== '';
  if (hasV4 && hasV6) throw ec2Errors.invalidParameterCombination('Only one of cidrBlock or ipv6CidrBlock may be specified.');
  if (!hasV4 && !hasV6) throw ec2Errors.missingParameter('cidrBlock or ipv6CidrBlock');
  let cidr: { cidrBlock: string } | { ipv6CidrBlock: string };
  if (hasV4) {
    const c = parseCidr(input.cidrBlock!);
    if (!c || c.family !== 4) throw ec2Errors.invalidCidr('cidrBlock', input.cidrBlock!);
    cidr = { cidrBlock: formatCidr(c) };
  } else {
    const c = parseCidr(input.ipv6CidrBlock!);
    if (!c || c.family !== 6) throw ec2Errors.invalidCidr('ipv6CidrBlock', input.ipv6CidrBlock!);
    cidr = { ipv6CidrBlock: formatCidr(c) };
  }
  const base = { ruleNumber: n, egress: input.egress, protocol, action: actionText as 'allow' | 'deny', ...cidr };
  if (protocol === '6' || protocol === '17') {
    const from = input.portRange?.from, to = input.portRange?.to;
    if (from === undefined || to === undefined) throw ec2Errors.missingParameter('portRange');
    for (const port of [from, to]) {
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw ec2Errors.invalidParameterValue(`Value (${port}) for parameter portRange is invalid. Ports must be between 0 and 65535.`);
    }
    if (from > to) throw ec2Errors.invalidParameterValue(`Value (${from}-${to}) for parameter portRange is invalid. The from port must not exceed the to port.`);
    return { ...base, portRange: { from, to } };
  }
  if (protocol === '1' || (protocol === '58' && hasV6)) {
    const type = input.icmp?.type, code = input.icmp?.code;
    if (type === undefined || code === undefined) throw ec2Errors.missingParameter('icmpTypeCode');
    for (const [what, v] of [['type', type], ['code', code]] as const) {
      if (!Number.isInteger(v) || v < -1 || v > 255) throw ec2Errors.invalidParameterValue(`Value (${v}) for parameter icmpTypeCode.${what} is invalid. Must be between -1 and 255.`);
    }
    return { ...base, icmp: { type, code } };
  }
  return base;
}

function entryFamily(e: NetworkAclEntry): 4 | 6 {
  return e.ipv6CidrBlock !== undefined ? 6 : 4;
}

/** Entries in the order EC2 describes them: egress first, then ingress, each by rule number. */
export function sortedEntries(entries: readonly NetworkAclEntry[]): NetworkAclEntry[] {
  return [...entries].sort((a, b) => (a.egress === b.egress ? a.ruleNumber - b.ruleNumber : a.egress ? -1 : 1));
}

function findEntry(acl: NetworkAcl, ruleNumber: number, egress: boolean): NetworkAclEntry | undefined {
  return acl.entries.find((e) => e.ruleNumber === ruleNumber && e.egress === egress);
}

function entryNotFound(ruleNumber: number | undefined): Error {
  return ec2Errors.notFound('InvalidNetworkAclEntry.NotFound', `The network acl entry identified by ${ruleNumber ?? ''} does not exist.`);
}

/** A custom ACL. AWS: it "denies all inbound and outbound traffic until you add rules" (only the catch-all entries). */
export function createCustomNetworkAcl(tx: Tx, p: PartitionTx, vpcId: string, tags: NetworkAcl['tags'] = []): NetworkAcl {
  const vpc = mustGet(p, 'vpc', vpcId);
  const acl = createNetworkAcl(tx, p, vpc.id, false, tags);
  // AWS: in a VPC with an IPv6 block a new ACL also carries the `*` rules denying all IPv6 traffic.
  if (associatedIpv6Blocks(vpc).length === 0) return acl;
  const v6 = [false, true].map((egress): NetworkAclEntry => ({ ruleNumber: CATCH_ALL_RULE, egress, protocol: '-1', action: 'deny', ipv6CidrBlock: '::/0' }));
  return p.put({ ...acl, entries: [...acl.entries, ...v6] });
}

/** AWS: "You can't delete the ACL if it's associated with any subnets. You can't delete the default network ACL." */
export function deleteNetworkAcl(p: PartitionTx, aclId: string): void {
  const acl = mustGet(p, 'networkAcl', aclId);
  if (acl.isDefault) throw ec2Errors.dependencyViolation(`The networkAcl '${acl.id}' is the default network ACL of its VPC and cannot be deleted.`);
  if (acl.associations.length > 0) throw ec2Errors.dependencyViolation(`The networkAcl '${acl.id}' has dependencies and cannot be deleted.`);
  p.remove(acl.id);
}

/** Add an entry. AWS: a rule number is used once per direction (`NetworkAclEntryAlreadyExists`); 20 per direction and family. */
export function createNetworkAclEntry(p: PartitionTx, aclId: string, input: AclEntryInput): NetworkAcl {
  const acl = mustGet(p, 'networkAcl', aclId);
  const entry = validateAclEntry(input);
  if (findEntry(acl, entry.ruleNumber, entry.egress)) {
    throw ec2Errors.custom('NetworkAclEntryAlreadyExists', `The network acl entry identified by ${entry.ruleNumber} already exists.`);
  }
  const same = acl.entries.filter((e) => e.egress === entry.egress && e.ruleNumber !== CATCH_ALL_RULE && entryFamily(e) === entryFamily(entry));
  if (same.length >= MAX_ACL_ENTRIES_PER_DIRECTION) {
    throw ec2Errors.custom('NetworkAclEntryLimitExceeded', `The maximum number of network acl entries has been reached.`);
  }
  return p.put({ ...acl, entries: [...acl.entries, entry] });
}

/** Replace an existing entry (same rule number and direction). */
export function replaceNetworkAclEntry(p: PartitionTx, aclId: string, input: AclEntryInput): NetworkAcl {
  const acl = mustGet(p, 'networkAcl', aclId);
  const entry = validateAclEntry(input);
  if (!findEntry(acl, entry.ruleNumber, entry.egress)) throw entryNotFound(entry.ruleNumber);
  return p.put({ ...acl, entries: acl.entries.map((e) => (e.ruleNumber === entry.ruleNumber && e.egress === entry.egress ? entry : e)) });
}

/** Remove an entry. The catch-all cannot be removed (it is outside the user's rule numbers). */
export function deleteNetworkAclEntry(p: PartitionTx, aclId: string, ruleNumber: number | undefined, egress: boolean | undefined): NetworkAcl {
  const acl = mustGet(p, 'networkAcl', aclId);
  if (ruleNumber === undefined) throw ec2Errors.missingParameter('ruleNumber');
  if (egress === undefined) throw ec2Errors.missingParameter('egress');
  // AWS: the catch-all entries (32767, and 32768 for IPv6) "can't be modified or removed"; EC2 answers with
  // the same range error as for any reserved number.
  checkRuleNumber(ruleNumber);
  if (!findEntry(acl, ruleNumber, egress)) throw entryNotFound(ruleNumber);
  return p.put({ ...acl, entries: acl.entries.filter((e) => !(e.ruleNumber === ruleNumber && e.egress === egress)) });
}

/**
 * Move a subnet to another ACL of the same VPC. AWS: the call names the current association and answers with a
 * new association ID; it is idempotent (naming the ACL the subnet already has still succeeds).
 */
export function replaceNetworkAclAssociation(tx: Tx, p: PartitionTx, associationId: string, aclId: string): { associationId: string; acl: NetworkAcl } {
  let current: NetworkAcl | undefined;
  let subnetId: string | undefined;
  for (const acl of p.list('networkAcl')) {
    const a = acl.associations.find((x) => x.associationId === associationId);
    if (a) { current = acl; subnetId = a.subnetId; break; }
  }
  if (!current || subnetId === undefined) {
    throw ec2Errors.notFound('InvalidAssociationID.NotFound', `The association ID '${associationId}' does not exist`);
  }
  const target = mustGet(p, 'networkAcl', aclId);
  if (target.vpcId !== current.vpcId) {
    throw ec2Errors.invalidParameterValue(`Network ACL ${target.id} and subnet ${subnetId} belong to different networks.`);
  }
  const newId = tx.ids.next('networkAclAssociation');
  const sid = subnetId;
  const without = p.put({ ...current, associations: current.associations.filter((a) => a.associationId !== associationId) });
  const base = without.id === target.id ? without : target;
  const next = p.put({ ...base, associations: [...base.associations, { associationId: newId, subnetId: sid }] });
  return { associationId: newId, acl: next };
}
