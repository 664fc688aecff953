/**
 * @module Readers of the VPC-level outputs: describe-vpcs, -subnets, -dhcp-options, -internet-gateways,
 * -egress-only-internet-gateways, -nat-gateways, -vpn-gateways, -vpc-peering-connections, -route-tables, -addresses.
 * Each turns one CLI item into the model record the API would have made, keeping the real ids.
 */
import { findZone } from '../model/regions.js';
import type { CidrAssociation, Route, RouteDestination, RouteTarget, VpcPeeringConnection } from '../model/resources.js';
import { formatCidr, parseCidr } from '../shared/cidr.js';
import type { ParseContext } from './parse-context.js';
import { bool, num, obj, objs, str, tagsOf, time, type Json } from './wire.js';

/** A CIDR in canonical form, or undefined (reported by the caller) when it does not parse. */
export function canonicalCidr(text: string | undefined, family?: 4 | 6): string | undefined {
  const c = text === undefined ? undefined : parseCidr(text.trim());
  if (!c || (family !== undefined && c.family !== family)) return undefined;
  return formatCidr(c);
}

function missing(ctx: ParseContext, what: string, member: string): void {
  ctx.findings.add('error', 'missing-member', `a ${what} without ${member} is left out`, { file: ctx.file });
}

function assocState(v: unknown): 'associated' | 'disassociated' {
  return v === 'disassociated' || v === 'disassociating' ? 'disassociated' : 'associated';
}

export function readVpcs(ctx: ParseContext, body: Json): void {
  for (const v of objs(body['Vpcs'])) {
    const id = str(v['VpcId']);
    const cidr = canonicalCidr(str(v['CidrBlock']), 4);
    if (id === undefined) { missing(ctx, 'VPC', 'VpcId'); continue; }
    if (cidr === undefined) { ctx.findings.add('error', 'invalid-value', `VPC ${id} has no valid CidrBlock; left out`, { file: ctx.file, resourceId: id }); continue; }
    const assocs: CidrAssociation[] = objs(v['CidrBlockAssociationSet']).flatMap((a) => {
      const c = canonicalCidr(str(a['CidrBlock']), 4);
      const aid = str(a['AssociationId']);
      return c && aid ? [{ associationId: aid, cidrBlock: c, state: assocState(obj(a['CidrBlockState'])?.['State']) }] : [];
    });
    const ipv6: CidrAssociation[] = objs(v['Ipv6CidrBlockAssociationSet']).flatMap((a) => {
      const c = canonicalCidr(str(a['Ipv6CidrBlock']), 6);
      const aid = str(a['AssociationId']);
      const nbg = str(a['NetworkBorderGroup']);
      return c && aid ? [{ associationId: aid, cidrBlock: c, state: assocState(obj(a['Ipv6CidrBlockState'])?.['State']), ...(nbg !== undefined ? { networkBorderGroup: nbg } : {}) }] : [];
    });
    const isDefault = bool(v['IsDefault']) ?? false;
    const dopt = str(v['DhcpOptionsId']);
    ctx.drafts.put(ctx.region, {
      kind: 'vpc', id, ownerId: str(v['OwnerId']) ?? ctx.account, tags: tagsOf(v), cidrBlock: cidr,
      cidrAssociations: assocs.length > 0 ? assocs : [{ associationId: `vpc-cidr-assoc-${id.slice(4)}`, cidrBlock: cidr, state: 'associated' }],
      ipv6Associations: ipv6, isDefault, instanceTenancy: str(v['InstanceTenancy']) ?? 'default',
      // describe-vpcs prints neither attribute (describe-vpc-attribute does): AWS's defaults until one is read.
      enableDnsSupport: true, enableDnsHostnames: isDefault, createdAt: ctx.now,
      ...(dopt !== undefined && dopt !== 'default' ? { dhcpOptionsId: dopt } : {}),
    }, ctx.file);
  }
}

/** describe-vpc-attribute output (`{VpcId, EnableDnsSupport: {Value}}`): applied to the drafted VPC. */
export function readVpcAttribute(ctx: ParseContext, body: Json): void {
  const id = str(body['VpcId']);
  const d = id === undefined ? undefined : ctx.drafts.get(ctx.region, id);
  if (!d || d.record.kind !== 'vpc') {
    ctx.findings.add('warning', 'missing-reference', `describe-vpc-attribute for ${id ?? '(no VpcId)'}, a VPC not in the snapshot; ignored`, { file: ctx.file, ...(id !== undefined ? { resourceId: id } : {}) });
    return;
  }
  const support = bool(obj(body['EnableDnsSupport'])?.['Value']);
  const hostnames = bool(obj(body['EnableDnsHostnames'])?.['Value']);
  const usage = bool(obj(body['EnableNetworkAddressUsageMetrics'])?.['Value']);
  ctx.drafts.replace(ctx.region, {
    ...d.record,
    ...(support !== undefined ? { enableDnsSupport: support } : {}),
    ...(hostnames !== undefined ? { enableDnsHostnames: hostnames } : {}),
    ...(usage !== undefined ? { enableNetworkAddressUsageMetrics: usage } : {}),
  });
}

export function readSubnets(ctx: ParseContext, body: Json): void {
  for (const s of objs(body['Subnets'])) {
    const id = str(s['SubnetId']);
    const vpcId = str(s['VpcId']);
    if (id === undefined || vpcId === undefined) { missing(ctx, 'subnet', 'SubnetId or VpcId'); continue; }
    const ipv6Native = bool(s['Ipv6Native']) ?? false;
    const cidr = canonicalCidr(str(s['CidrBlock']), 4);
    if (cidr === undefined && !ipv6Native) { ctx.findings.add('error', 'invalid-value', `subnet ${id} has no valid CidrBlock; left out`, { file: ctx.file, resourceId: id }); continue; }
    const az = str(s['AvailabilityZone']) ?? '';
    const azId = str(s['AvailabilityZoneId']) ?? findZone(ctx.account, ctx.region, az)?.zoneId ?? '';
    const dnsOpts = obj(s['PrivateDnsNameOptionsOnLaunch']);
    const hostType = str(dnsOpts?.['HostnameType']);
    const a = bool(dnsOpts?.['EnableResourceNameDnsARecord']);
    const aaaa = bool(dnsOpts?.['EnableResourceNameDnsAAAARecord']);
    const dns64 = bool(s['EnableDns64']);
    ctx.drafts.put(ctx.region, {
      kind: 'subnet', id, ownerId: str(s['OwnerId']) ?? ctx.account, tags: tagsOf(s), vpcId, cidrBlock: cidr ?? '',
      ipv6Associations: objs(s['Ipv6CidrBlockAssociationSet']).flatMap((x) => {
        const c = canonicalCidr(str(x['Ipv6CidrBlock']), 6);
        const aid = str(x['AssociationId']);
        return c && aid ? [{ associationId: aid, cidrBlock: c, state: assocState(obj(x['Ipv6CidrBlockState'])?.['State']) }] : [];
      }),
      availabilityZone: az, availabilityZoneId: azId, defaultForAz: bool(s['DefaultForAz']) ?? false,
      mapPublicIpOnLaunch: bool(s['MapPublicIpOnLaunch']) ?? false, assignIpv6AddressOnCreation: bool(s['AssignIpv6AddressOnCreation']) ?? false,
      ...(hostType === 'ip-name' || hostType === 'resource-name' ? { privateDnsHostnameType: hostType } : {}),
      ...(a !== undefined ? { enableResourceNameDnsARecord: a } : {}),
      ...(aaaa !== undefined ? { enableResourceNameDnsAAAARecord: aaaa } : {}),
      ...(dns64 !== undefined ? { enableDns64: dns64 } : {}),
      ...(ipv6Native ? { ipv6Native: true } : {}),
    }, ctx.file);
  }
}

export function readDhcpOptions(ctx: ParseContext, body: Json): void {
  for (const d of objs(body['DhcpOptions'])) {
    const id = str(d['DhcpOptionsId']);
    if (id === undefined) { missing(ctx, 'DHCP option set', 'DhcpOptionsId'); continue; }
    ctx.drafts.put(ctx.region, {
      kind: 'dhcpOptions', id, ownerId: str(d['OwnerId']) ?? ctx.account, tags: tagsOf(d),
      configurations: objs(d['DhcpConfigurations']).flatMap((c) => {
        const key = str(c['Key']);
        return key === undefined ? [] : [{ key, values: objs(c['Values']).flatMap((x) => { const v = str(x['Value']); return v === undefined ? [] : [v]; }) }];
      }),
    }, ctx.file);
  }
}

export function readInternetGateways(ctx: ParseContext, body: Json): void {
  for (const g of objs(body['InternetGateways'])) {
    const id = str(g['InternetGatewayId']);
    if (id === undefined) { missing(ctx, 'internet gateway', 'InternetGatewayId'); continue; }
    const att = objs(g['Attachments']).find((a) => str(a['State']) === 'available' || str(a['State']) === 'attached');
    const vpcId = str(att?.['VpcId']);
    ctx.drafts.put(ctx.region, { kind: 'internetGateway', id, ownerId: str(g['OwnerId']) ?? ctx.account, tags: tagsOf(g), ...(vpcId !== undefined ? { attachedVpcId: vpcId } : {}) }, ctx.file);
  }
}

export function readEgressOnlyInternetGateways(ctx: ParseContext, body: Json): void {
  for (const g of objs(body['EgressOnlyInternetGateways'])) {
    const id = str(g['EgressOnlyInternetGatewayId']);
    const vpcId = str(objs(g['Attachments'])[0]?.['VpcId']);
    if (id === undefined || vpcId === undefined) { missing(ctx, 'egress-only internet gateway', 'its id or attachment'); continue; }
    ctx.drafts.put(ctx.region, { kind: 'egressOnlyInternetGateway', id, ownerId: ctx.account, tags: tagsOf(g), vpcId }, ctx.file);
  }
}

const NAT_STATES = new Set(['pending', 'available', 'deleting', 'deleted', 'failed']);

export function readNatGateways(ctx: ParseContext, body: Json): void {
  for (const g of objs(body['NatGateways'])) {
    const id = str(g['NatGatewayId']);
    const vpcId = str(g['VpcId']);
    const subnetId = str(g['SubnetId']);
    if (id === undefined || vpcId === undefined || subnetId === undefined) { missing(ctx, 'NAT gateway', 'NatGatewayId, VpcId or SubnetId'); continue; }
    const state = str(g['State']) ?? 'available';
    const addr = objs(g['NatGatewayAddresses'])[0];
    const opt = (k: string, v: string | undefined): Record<string, string> => (v !== undefined ? { [k]: v } : {});
    ctx.drafts.put(ctx.region, {
      kind: 'natGateway', id, ownerId: ctx.account, tags: tagsOf(g), vpcId, subnetId,
      connectivityType: str(g['ConnectivityType']) === 'private' ? 'private' : 'public',
      ...opt('allocationId', str(addr?.['AllocationId'])), ...opt('networkInterfaceId', str(addr?.['NetworkInterfaceId'])),
      ...opt('privateIp', str(addr?.['PrivateIp'])), ...opt('publicIp', str(addr?.['PublicIp'])), ...opt('associationId', str(addr?.['AssociationId'])),
      state: (NAT_STATES.has(state) ? state : 'available') as 'available',
      ...opt('failureCode', str(g['FailureCode'])), ...opt('failureMessage', str(g['FailureMessage'])),
      createdAt: time(g['CreateTime'], ctx.now),
      ...(g['DeleteTime'] !== undefined ? { deletedAt: time(g['DeleteTime'], ctx.now) } : {}),
    }, ctx.file);
  }
}

export function readVpnGateways(ctx: ParseContext, body: Json): void {
  for (const g of objs(body['VpnGateways'])) {
    const id = str(g['VpnGatewayId']);
    if (id === undefined) { missing(ctx, 'VPN gateway', 'VpnGatewayId'); continue; }
    const atts = objs(g['VpcAttachments']);
    const attached = str(atts.find((a) => str(a['State']) === 'attached' || str(a['State']) === 'attaching')?.['VpcId']);
    const detached = str(atts.find((a) => str(a['State']) === 'detached')?.['VpcId']);
    const az = str(g['AvailabilityZone']);
    ctx.drafts.put(ctx.region, {
      kind: 'vpnGateway', id, ownerId: ctx.account, tags: tagsOf(g), type: 'ipsec.1', amazonSideAsn: num(g['AmazonSideAsn']) ?? 64512,
      ...(az !== undefined ? { availabilityZone: az } : {}),
      ...(attached !== undefined ? { attachedVpcId: attached } : detached !== undefined ? { detachedVpcId: detached } : {}),
      state: str(g['State']) === 'deleted' ? 'deleted' : 'available',
    }, ctx.file);
  }
}

const PEERING_STATES = new Set(['initiating-request', 'pending-acceptance', 'active', 'deleted', 'rejected', 'failed', 'expired', 'provisioning', 'deleting']);

function peeringSide(o: Json | undefined, ctx: ParseContext): VpcPeeringConnection['requester'] | undefined {
  const vpcId = str(o?.['VpcId']);
  if (!o || vpcId === undefined) return undefined;
  const cidr = str(o['CidrBlock']);
  const cidrs = objs(o['CidrBlockSet']).flatMap((c) => { const t = str(c['CidrBlock']); return t === undefined ? [] : [t]; });
  return {
    ownerId: str(o['OwnerId']) ?? ctx.account, region: str(o['Region']) ?? ctx.region, vpcId,
    ...(cidr !== undefined ? { cidrBlock: cidr } : {}), ...(cidrs.length > 0 ? { cidrBlocks: cidrs } : {}),
  };
}

/** Peering connections live in the global partition (both sides see them); drafted under the pseudo-Region `global`. */
export function readPeerings(ctx: ParseContext, body: Json): void {
  for (const c of objs(body['VpcPeeringConnections'])) {
    const id = str(c['VpcPeeringConnectionId']);
    const requester = peeringSide(obj(c['RequesterVpcInfo']), ctx);
    const accepter = peeringSide(obj(c['AccepterVpcInfo']), ctx);
    if (id === undefined || !requester || !accepter) { missing(ctx, 'VPC peering connection', 'its id or a side\'s VpcId'); continue; }
    const status = obj(c['Status']);
    const code = str(status?.['Code']) ?? 'active';
    const reqDns = bool(obj(obj(c['RequesterVpcInfo'])?.['PeeringOptions'])?.['AllowDnsResolutionFromRemoteVpc']);
    const accDns = bool(obj(obj(c['AccepterVpcInfo'])?.['PeeringOptions'])?.['AllowDnsResolutionFromRemoteVpc']);
    ctx.drafts.put('global', {
      kind: 'vpcPeeringConnection', id, ownerId: requester.ownerId, tags: tagsOf(c), requester, accepter,
      status: (PEERING_STATES.has(code) ? code : 'active') as 'active', statusMessage: str(status?.['Message']) ?? '',
      expiresAt: time(c['ExpirationTime'], ctx.now + 7 * 86_400_000), updatedAt: ctx.now,
      ...(reqDns !== undefined ? { requesterAllowsDnsResolution: reqDns } : {}),
      ...(accDns !== undefined ? { accepterAllowsDnsResolution: accDns } : {}),
    }, ctx.file);
  }
}

function routeDestination(r: Json): RouteDestination | undefined {
  const v4 = str(r['DestinationCidrBlock']);
  if (v4 !== undefined) { const c = canonicalCidr(v4, 4); return c ? { type: 'cidr', cidr: c } : undefined; }
  const v6 = str(r['DestinationIpv6CidrBlock']);
  if (v6 !== undefined) { const c = canonicalCidr(v6, 6); return c ? { type: 'ipv6Cidr', cidr: c } : undefined; }
  const pl = str(r['DestinationPrefixListId']);
  return pl !== undefined ? { type: 'prefixList', prefixListId: pl } : undefined;
}

/** The route's target; a string naming an unsupported target (transit gateway, carrier gateway, ...) otherwise. */
function routeTarget(r: Json): RouteTarget | string {
  const gw = str(r['GatewayId']);
  if (gw === 'local') return { type: 'local' };
  if (gw?.startsWith('igw-')) return { type: 'internetGateway', id: gw };
  if (gw?.startsWith('vgw-')) return { type: 'vpnGateway', id: gw };
  if (gw?.startsWith('vpce-')) return { type: 'vpcEndpoint', id: gw };
  const pairs: [string, RouteTarget['type']][] = [
    ['NatGatewayId', 'natGateway'], ['VpcPeeringConnectionId', 'vpcPeeringConnection'], ['EgressOnlyInternetGatewayId', 'egressOnlyInternetGateway'],
    ['NetworkInterfaceId', 'networkInterface'], ['InstanceId', 'instance'],
  ];
  for (const [member, type] of pairs) {
    const id = str(r[member]);
    if (id !== undefined) return { type, id } as RouteTarget;
  }
  for (const member of ['TransitGatewayId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn']) {
    const id = str(r[member]);
    if (id !== undefined) return `${member} ${id}`;
  }
  return gw !== undefined ? `GatewayId ${gw}` : 'no target';
}

const ORIGINS = new Set<Route['origin']>(['CreateRouteTable', 'CreateRoute', 'EnableVgwRoutePropagation', 'CreateVpcEndpoint']);

export function readRouteTables(ctx: ParseContext, body: Json): void {
  for (const t of objs(body['RouteTables'])) {
    const id = str(t['RouteTableId']);
    const vpcId = str(t['VpcId']);
    if (id === undefined || vpcId === undefined) { missing(ctx, 'route table', 'RouteTableId or VpcId'); continue; }
    const routes: Route[] = [];
    for (const r of objs(t['Routes'])) {
      const destination = routeDestination(r);
      const target = routeTarget(r);
      if (!destination || typeof target === 'string') {
        ctx.findings.add('warning', 'unsupported-route', `route ${JSON.stringify(r['DestinationCidrBlock'] ?? r['DestinationIpv6CidrBlock'] ?? r['DestinationPrefixListId'] ?? '?')} in ${id}: ${!destination ? 'no valid destination' : `${target} is not modelled`}; the route is left out`, { file: ctx.file, resourceId: id });
        continue;
      }
      const originText = str(r['Origin']) as Route['origin'] | undefined;
      const origin: Route['origin'] = target.type === 'local' ? 'CreateRouteTable'
        : target.type === 'vpcEndpoint' ? 'CreateVpcEndpoint'
        : originText !== undefined && ORIGINS.has(originText) ? originText : 'CreateRoute';
      routes.push({ destination, target, origin });
    }
    const associations = objs(t['Associations']).flatMap((a) => {
      const aid = str(a['RouteTableAssociationId']);
      const state = str(obj(a['AssociationState'])?.['State']);
      if (aid === undefined || state === 'disassociated' || state === 'disassociating') return [];
      const subnetId = str(a['SubnetId']);
      const gatewayId = str(a['GatewayId']);
      return [{ associationId: aid, main: bool(a['Main']) ?? false, ...(subnetId !== undefined ? { subnetId } : {}), ...(gatewayId !== undefined ? { gatewayId } : {}) }];
    });
    const vgws = objs(t['PropagatingVgws']).flatMap((g) => { const v = str(g['GatewayId']); return v === undefined ? [] : [v]; });
    ctx.drafts.put(ctx.region, {
      kind: 'routeTable', id, ownerId: str(t['OwnerId']) ?? ctx.account, tags: tagsOf(t), vpcId, routes, associations,
      ...(vgws.length > 0 ? { propagatingVgwIds: vgws } : {}),
    }, ctx.file);
  }
}

export function readAddresses(ctx: ParseContext, body: Json): void {
  for (const a of objs(body['Addresses'])) {
    const id = str(a['AllocationId']);
    const ip = str(a['PublicIp']);
    if (id === undefined || ip === undefined) { missing(ctx, 'Elastic IP', 'AllocationId or PublicIp'); continue; }
    const opt = (k: string, v: string | undefined): Record<string, string> => (v !== undefined ? { [k]: v } : {});
    ctx.drafts.put(ctx.region, {
      kind: 'address', id, ownerId: ctx.account, tags: tagsOf(a), publicIp: ip, domain: 'vpc',
      ...opt('associationId', str(a['AssociationId'])), ...opt('networkInterfaceId', str(a['NetworkInterfaceId'])),
      ...opt('instanceId', str(a['InstanceId'])), ...opt('privateIp', str(a['PrivateIpAddress'])),
    }, ctx.file);
  }
}

