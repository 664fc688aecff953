/** @module Network ACL operations: create, delete, describe, entries, and moving a subnet's association. */
import { ec2Errors } from '../../errors/ec2.js';
import { idempotent } from '../../model/client-token.js';
import {
  ACL_PROTOCOL_NAMES, createCustomNetworkAcl, createNetworkAclEntry, deleteNetworkAcl, deleteNetworkAclEntry,
  replaceNetworkAclAssociation, replaceNetworkAclEntry, sortedEntries, type AclEntryInput,
} from '../../model/network-acl.js';
import type { NetworkAcl, NetworkAclEntry } from '../../model/resources.js';
import type { WCreateNetworkAclEntryRequest, WNetworkAcl, WNetworkAclEntry } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import type { FilterTable } from './filters.js';
import { tagsFromSpecs, wireTags } from './tagging.js';

export function aclEntryToWire(e: NetworkAclEntry): WNetworkAclEntry {
  return {
    RuleNumber: e.ruleNumber, Protocol: e.protocol, RuleAction: e.action, Egress: e.egress,
    ...(e.cidrBlock !== undefined ? { CidrBlock: e.cidrBlock } : {}),
    ...(e.ipv6CidrBlock !== undefined ? { Ipv6CidrBlock: e.ipv6CidrBlock } : {}),
    ...(e.portRange ? { PortRange: { From: e.portRange.from, To: e.portRange.to } } : {}),
    ...(e.icmp ? { IcmpTypeCode: { Type: e.icmp.type, Code: e.icmp.code } } : {}),
  };
}

export function networkAclToWire(acl: NetworkAcl): WNetworkAcl {
  return {
    NetworkAclId: acl.id, VpcId: acl.vpcId, OwnerId: acl.ownerId, IsDefault: acl.isDefault,
    Entries: sortedEntries(acl.entries).map(aclEntryToWire),
    Associations: acl.associations.map((a) => ({ NetworkAclAssociationId: a.associationId, NetworkAclId: acl.id, SubnetId: a.subnetId })),
    Tags: wireTags(acl.tags),
  };
}

/** AWS: DescribeNetworkAcls filters; entry filters match any entry of the ACL. */
const ACL_FILTERS: FilterTable<NetworkAcl> = {
  'association.association-id': (a) => a.associations.map((x) => x.associationId),
  'association.network-acl-id': (a) => (a.associations.length > 0 ? a.id : undefined),
  'association.subnet-id': (a) => a.associations.map((x) => x.subnetId),
  'default': (a) => a.isDefault,
  'entry.cidr': (a) => a.entries.map((e) => e.cidrBlock),
  'entry.ipv6-cidr': (a) => a.entries.map((e) => e.ipv6CidrBlock),
  'entry.icmp.code': (a) => a.entries.map((e) => e.icmp?.code),
  'entry.icmp.type': (a) => a.entries.map((e) => e.icmp?.type),
  'entry.port-range.from': (a) => a.entries.map((e) => e.portRange?.from),
  'entry.port-range.to': (a) => a.entries.map((e) => e.portRange?.to),
  // AWS: "The protocol specified in the entry (tcp | udp | icmp or a protocol number)".
  'entry.protocol': (a) => a.entries.flatMap((e) => [e.protocol, ACL_PROTOCOL_NAMES[e.protocol]]),
  'entry.rule-action': (a) => a.entries.map((e) => e.action),
  'entry.egress': (a) => a.entries.map((e) => e.egress),
  'entry.rule-number': (a) => a.entries.map((e) => e.ruleNumber),
  'network-acl-id': (a) => a.id,
  'owner-id': (a) => a.ownerId,
  'vpc-id': (a) => a.vpcId,
};

function entryInput(input: WCreateNetworkAclEntryRequest): AclEntryInput {
  return {
    ruleNumber: input.RuleNumber, protocol: input.Protocol, action: input.RuleAction, egress: input.Egress,
    cidrBlock: input.CidrBlock, ipv6CidrBlock: input.Ipv6CidrBlock,
    portRange: input.PortRange ? { from: input.PortRange.From, to: input.PortRange.To } : undefined,
    icmp: input.IcmpTypeCode ? { type: input.IcmpTypeCode.Type, code: input.IcmpTypeCode.Code } : undefined,
  };
}

export const networkAclHandlers: HandlerTable = {
  CreateNetworkAcl(ctx, input) {
    if (input.VpcId === undefined || input.VpcId === '') throw ec2Errors.missingParameter('VpcId');
    const tags = tagsFromSpecs(input.TagSpecifications, 'network-acl');
    const { result } = ctx.write((p, tx) => idempotent(
      p, { operation: 'CreateNetworkAcl', token: input.ClientToken, input },
      (id) => p.get('networkAcl', id),
      () => { const acl = createCustomNetworkAcl(tx, p, input.VpcId, tags); return { resultId: acl.id, result: acl }; },
    ));
    return { NetworkAcl: networkAclToWire(result), ...(input.ClientToken !== undefined ? { ClientToken: input.ClientToken } : {}) };
  },
  DeleteNetworkAcl(ctx, input) {
    ctx.write((p) => deleteNetworkAcl(p, input.NetworkAclId));
    return {};
  },
  DescribeNetworkAcls(ctx, input) {
    // AWS: MaxResults "can be between 5 and 1000".
    checkMaxResults(input.MaxResults, undefined, 'NetworkAclIds');
    const page = describe(ctx.read(), 'networkAcl', { ids: input.NetworkAclIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, ACL_FILTERS);
    return { NetworkAcls: page.items.map(networkAclToWire), NextToken: page.nextToken };
  },
  CreateNetworkAclEntry(ctx, input) {
    ctx.write((p) => createNetworkAclEntry(p, input.NetworkAclId, entryInput(input)));
    return {};
  },
  ReplaceNetworkAclEntry(ctx, input) {
    ctx.write((p) => replaceNetworkAclEntry(p, input.NetworkAclId, entryInput(input)));
    return {};
  },
  DeleteNetworkAclEntry(ctx, input) {
    ctx.write((p) => deleteNetworkAclEntry(p, input.NetworkAclId, input.RuleNumber, input.Egress));
    return {};
  },
  ReplaceNetworkAclAssociation(ctx, input) {
    const r = ctx.write((p, tx) => replaceNetworkAclAssociation(tx, p, input.AssociationId, input.NetworkAclId));
    return { NewAssociationId: r.associationId };
  },
};
