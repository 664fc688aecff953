/**
 * @module Readers of describe-vpc-endpoints, describe-vpc-endpoint-service-configurations,
 * describe-managed-prefix-lists with get-managed-prefix-list-entries, and describe-prefix-lists (AWS-managed lists).
 */
import { awsPrefixListById } from '../model/aws-prefix-lists.js';
import { awsServicesIn } from '../model/service-catalog.js';
import { findZone } from '../model/regions.js';
import type { ManagedPrefixList, PrefixListEntry, ServicePrincipal, VpcEndpoint } from '../model/resources.js';
import { checkPolicy } from '../model/vpc-endpoint.js';
import { canonicalCidr } from './parse-network.js';
import { derivedId, type ParseContext } from './parse-context.js';
import { bool, num, obj, objs, str, strs, tagsOf, time, type Json } from './wire.js';

/** The owner AWS-managed lists carry. */
const AWS_OWNER = 'AWS';

/** A policy as the CLI prints it: JSON text (or, from some tools, the parsed document). */
function policyText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return obj(v) ? JSON.stringify(v) : undefined;
}

function awsList(ctx: ParseContext, id: string, name: string, entries: PrefixListEntry[]): void {
  // vpce's own AWS-managed list of this id (us-east-1's real ids) is already there: nothing to store.
  if (awsPrefixListById(id)) return;
  ctx.drafts.put(ctx.region, {
    kind: 'managedPrefixList', id, ownerId: AWS_OWNER, tags: [], name, addressFamily: 'IPv4', maxEntries: Math.max(1, entries.length),
    version: 1, state: 'create-complete', versions: [entries],
  }, ctx.file);
}

/** describe-prefix-lists: the AWS-managed lists of the Region (S3, DynamoDB) with their ranges. */
export function readPrefixLists(ctx: ParseContext, body: Json): void {
  for (const pl of objs(body['PrefixLists'])) {
    const id = str(pl['PrefixListId']);
    const name = str(pl['PrefixListName']);
    if (id === undefined || name === undefined) continue;
    awsList(ctx, id, name, strs(pl['Cidrs']).flatMap((c) => { const x = canonicalCidr(c); return x ? [{ cidr: x }] : []; }));
  }
}

/** get-managed-prefix-list-entries: the entries of the list its file names (the output does not say which). */
export function readPrefixListEntries(ctx: ParseContext, body: Json, listId: string | undefined): void {
  if (listId === undefined) {
    ctx.findings.add('warning', 'unattributed-file', 'get-managed-prefix-list-entries output names no list: put the list id in the file name (get-managed-prefix-list-entries.pl-0123abcd.json); ignored', { file: ctx.file });
    return;
  }
  const entries = objs(body['Entries']).flatMap((e) => {
    const c = canonicalCidr(str(e['Cidr']));
    const d = str(e['Description']);
    return c ? [{ cidr: c, ...(d !== undefined ? { description: d } : {}) }] : [];
  });
  ctx.prefixListEntries.set(listId, [...(ctx.prefixListEntries.get(listId) ?? []), ...entries]);
}

const PL_STATES = new Set<ManagedPrefixList['state']>(['create-complete', 'modify-complete', 'delete-complete']);

export function readManagedPrefixLists(ctx: ParseContext, body: Json): void {
  for (const pl of objs(body['PrefixLists'])) {
    const id = str(pl['PrefixListId']);
    const name = str(pl['PrefixListName']);
    if (id === undefined || name === undefined) continue;
    const entries = ctx.prefixListEntries.get(id);
    if (str(pl['OwnerId']) === AWS_OWNER) {
      // describe-prefix-lists (read first) already gave this list with its ranges.
      if (ctx.drafts.get(ctx.region, id)) continue;
      if (!awsPrefixListById(id) && !entries) ctx.findings.add('warning', 'missing-file', `AWS-managed list ${id} (${name}) has no entries: add describe-prefix-lists or get-managed-prefix-list-entries for it`, { file: ctx.file, resourceId: id });
      awsList(ctx, id, name, entries ?? []);
      continue;
    }
    if (!entries) ctx.findings.add('warning', 'missing-file', `prefix list ${id} has no get-managed-prefix-list-entries output; imported empty`, { file: ctx.file, resourceId: id });
    const version = Math.max(1, num(pl['Version']) ?? 1);
    const state = str(pl['State']) as ManagedPrefixList['state'] | undefined;
    ctx.drafts.put(ctx.region, {
      kind: 'managedPrefixList', id, ownerId: str(pl['OwnerId']) ?? ctx.account, tags: tagsOf(pl), name,
      addressFamily: str(pl['AddressFamily']) === 'IPv6' ? 'IPv6' : 'IPv4', maxEntries: num(pl['MaxEntries']) ?? Math.max(1, entries?.length ?? 1),
      version, state: state !== undefined && PL_STATES.has(state) ? state : 'create-complete',
      // Only the current version's entries are printed: older versions are kept empty so the numbering holds.
      versions: [...Array.from({ length: version - 1 }, () => []), entries ?? []],
    }, ctx.file);
  }
}

const ENDPOINT_STATES: Readonly<Record<string, VpcEndpoint['state']>> = {
  available: 'available', pending: 'available', pendingacceptance: 'pendingAcceptance', rejected: 'rejected', failed: 'failed', deleting: 'deleting',
};

export function readVpcEndpoints(ctx: ParseContext, body: Json): void {
  for (const e of objs(body['VpcEndpoints'])) {
    const id = str(e['VpcEndpointId']);
    const vpcId = str(e['VpcId']);
    const serviceName = str(e['ServiceName']);
    if (id === undefined || vpcId === undefined || serviceName === undefined) {
      ctx.findings.add('error', 'missing-member', `VPC endpoint ${id ?? '(no id)'} without VpcId or ServiceName is left out`, { file: ctx.file, ...(id !== undefined ? { resourceId: id } : {}) });
      continue;
    }
    const typeText = str(e['VpcEndpointType']) ?? 'Gateway';
    const type: VpcEndpoint['endpointType'] = typeText === 'Interface' ? 'Interface' : typeText === 'GatewayLoadBalancer' ? 'GatewayLoadBalancer' : 'Gateway';
    const stateText = (str(e['State']) ?? 'available').toLowerCase();
    const state = ENDPOINT_STATES[stateText];
    if (!state) { ctx.findings.add('note', 'not-imported', `VPC endpoint ${id} is ${stateText}; left out`, { file: ctx.file, resourceId: id }); continue; }
    const serviceRegion = str(e['ServiceRegion']) ?? ctx.region;
    const aws = awsServicesIn(serviceRegion).find((s) => s.serviceName === serviceName && s.type === type);
    let policyDocument = policyText(e['PolicyDocument']);
    if (policyDocument !== undefined) {
      try { policyDocument = checkPolicy(policyDocument); } catch (err) {
        ctx.findings.add('warning', 'invalid-policy', `the policy of ${id} does not validate (${(err as Error).message}); it is left out, so the endpoint allows everything`, { file: ctx.file, resourceId: id });
        policyDocument = undefined;
      }
    }
    const privateDnsEnabled = bool(e['PrivateDnsEnabled']) ?? false;
    const dnsName = str(objs(e['DnsEntries'])[0]?.['DnsName']);
    const suffix = dnsName !== undefined ? /^vpce-[0-9a-f]+-([a-z0-9]{8})[.-]/.exec(dnsName)?.[1] : undefined;
    const dnsOpts = obj(e['DnsOptions']);
    const inbound = bool(dnsOpts?.['PrivateDnsOnlyForInboundResolverEndpoint']);
    const ipType = str(e['IpAddressType']);
    const created = time(e['CreationTimestamp'], ctx.now);
    const privateDnsName = privateDnsEnabled ? aws?.privateDnsName : undefined;
    ctx.drafts.put(ctx.region, {
      kind: 'vpcEndpoint', id, ownerId: str(e['OwnerId']) ?? ctx.account, tags: tagsOf(e), endpointType: type, vpcId, serviceName,
      // Custom services: the provider's configuration (if imported) gives the id, in the reference check.
      serviceId: aws?.serviceId ?? derivedId('vpce-svc', serviceName), serviceOwner: aws ? 'amazon' : 'unknown', serviceRegion,
      state, stateChangedAt: created,
      routeTableIds: strs(e['RouteTableIds']), subnetIds: strs(e['SubnetIds']), networkInterfaceIds: strs(e['NetworkInterfaceIds']),
      groupIds: objs(e['Groups']).flatMap((g) => { const gid = str(g['GroupId']); return gid === undefined ? [] : [gid]; }),
      ...(policyDocument !== undefined ? { policyDocument } : {}),
      privateDnsEnabled, ...(privateDnsName !== undefined ? { privateDnsName } : {}),
      dnsOptions: { dnsRecordIpType: str(dnsOpts?.['DnsRecordIpType']) ?? (type === 'Gateway' ? 'ipv4' : ipType ?? 'ipv4'), ...(inbound !== undefined ? { privateDnsOnlyForInboundResolverEndpoint: inbound } : {}) },
      ipAddressType: ipType === 'dualstack' || ipType === 'ipv6' ? ipType : 'ipv4',
      ...(type === 'Gateway' && aws?.prefixListId !== undefined ? { prefixListId: aws.prefixListId } : {}),
      dnsSuffix: suffix ?? derivedId('x', id, 8).slice(2), createdAt: created,
    }, ctx.file);
  }
}

const SERVICE_STATES = new Set(['Pending', 'Available', 'Deleting', 'Deleted', 'Failed']);

export function readServiceConfigurations(ctx: ParseContext, body: Json): void {
  for (const s of objs(body['ServiceConfigurations'])) {
    const id = str(s['ServiceId']);
    const name = str(s['ServiceName']);
    if (id === undefined || name === undefined) continue;
    const stateText = str(s['ServiceState']) ?? 'Available';
    const dnsConf = obj(s['PrivateDnsNameConfiguration']);
    const dnsState = str(dnsConf?.['State']);
    const privateDnsName = str(s['PrivateDnsName']);
    const types = strs(s['SupportedIpAddressTypes']).filter((t): t is 'ipv4' | 'ipv6' => t === 'ipv4' || t === 'ipv6');
    ctx.drafts.put(ctx.region, {
      kind: 'vpcEndpointService', id, ownerId: ctx.account, tags: tagsOf(s), serviceName: name,
      networkLoadBalancerArns: strs(s['NetworkLoadBalancerArns']), acceptanceRequired: bool(s['AcceptanceRequired']) ?? true,
      ...(privateDnsName !== undefined ? { privateDnsName } : {}),
      ...(dnsState === 'pendingVerification' || dnsState === 'verified' || dnsState === 'failed' ? { privateDnsState: dnsState } : {}),
      ...(str(dnsConf?.['Value']) !== undefined ? { verificationToken: str(dnsConf?.['Value'])! } : {}),
      zoneIds: strs(s['AvailabilityZones']).flatMap((z) => { const zone = findZone(ctx.account, ctx.region, z); return zone ? [zone.zoneId] : []; }),
      // Filled in from describe-vpc-endpoint-service-permissions, read after the configurations.
      allowedPrincipals: [],
      ...(types.length > 0 ? { supportedIpAddressTypes: types } : {}),
      state: (SERVICE_STATES.has(stateText) ? stateText : 'Available') as 'Available', createdAt: ctx.now,
    }, ctx.file);
    ctx.drafts.put('global', { kind: 'endpointServiceIndex', id: name, ownerId: ctx.account, tags: [], serviceId: id, region: ctx.region }, ctx.file);
  }
}

const PRINCIPAL_TYPES = new Set<ServicePrincipal['principalType']>(['All', 'Service', 'OrganizationUnit', 'Account', 'User', 'Role']);

/**
 * describe-vpc-endpoint-service-permissions: the principals allowed to connect, added to their service (named by each
 * item's ServiceId, else by the file name, since older outputs do not say).
 */
export function readServicePermissions(ctx: ParseContext, body: Json, fileServiceId: string | undefined): void {
  for (const p of objs(body['AllowedPrincipals'])) {
    const serviceId = str(p['ServiceId']) ?? fileServiceId;
    const principal = str(p['Principal']);
    const d = serviceId === undefined ? undefined : ctx.drafts.get(ctx.region, serviceId);
    if (principal === undefined) continue;
    if (!d || d.record.kind !== 'vpcEndpointService') {
      ctx.findings.add('warning', serviceId === undefined ? 'unattributed-file' : 'missing-reference', serviceId === undefined
        ? 'describe-vpc-endpoint-service-permissions output names no service: put its id in the file name (describe-vpc-endpoint-service-permissions.vpce-svc-0123abcd.json); ignored'
        : `permission for ${principal} names service ${serviceId}, which is not in describe-vpc-endpoint-service-configurations; ignored`, { file: ctx.file, ...(serviceId !== undefined ? { resourceId: serviceId } : {}) });
      continue;
    }
    const type = str(p['PrincipalType']) as ServicePrincipal['principalType'] | undefined;
    const entry: ServicePrincipal = {
      principal, principalType: type !== undefined && PRINCIPAL_TYPES.has(type) ? type : principal === '*' ? 'All' : 'Account',
      permissionId: str(p['ServicePermissionId']) ?? derivedId('vpce-svc-perm', `${serviceId}/${principal}`),
    };
    ctx.drafts.replace(ctx.region, { ...d.record, allowedPrincipals: [...d.record.allowedPrincipals, entry] });
  }
}
