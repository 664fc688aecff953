/**
 * @module The console's view of the network resources beyond VPCs and endpoints (subnets, gateways, peering,
 * network ACLs, interfaces, instances, prefix lists, load balancers, target groups), read from the API's XML.
 * Plain records: what the API answered, renamed for the pages; no rule is computed here.
 */
import { child, items, members, tags, text } from './api.js';

type Tags = Readonly<Record<string, string>>;

export interface SubnetRow {
  readonly id: string; readonly vpcId: string; readonly az: string; readonly azId: string; readonly cidr: string;
  readonly ipv6: readonly string[]; readonly free: number; readonly state: string; readonly defaultForAz: boolean;
  readonly mapPublicIp: boolean; readonly arn: string; readonly tags: Tags;
}

export function subnetRowFrom(el: Element): SubnetRow {
  return {
    id: text(el, 'subnetId'), vpcId: text(el, 'vpcId'), az: text(el, 'availabilityZone'), azId: text(el, 'availabilityZoneId'),
    cidr: text(el, 'cidrBlock'), ipv6: items(el, 'ipv6CidrBlockAssociationSet').map((a) => text(a, 'ipv6CidrBlock')),
    free: Number(text(el, 'availableIpAddressCount')), state: text(el, 'state'), defaultForAz: text(el, 'defaultForAz') === 'true',
    mapPublicIp: text(el, 'mapPublicIpOnLaunch') === 'true', arn: text(el, 'subnetArn'), tags: tags(el),
  };
}

export interface Attachment { readonly vpcId: string; readonly state: string }

export interface InternetGateway { readonly id: string; readonly owner: string; readonly attachments: readonly Attachment[]; readonly tags: Tags }

export function internetGatewayFrom(el: Element): InternetGateway {
  return {
    id: text(el, 'internetGatewayId'), owner: text(el, 'ownerId'),
    attachments: items(el, 'attachmentSet').map((a) => ({ vpcId: text(a, 'vpcId'), state: text(a, 'state') })), tags: tags(el),
  };
}

export interface NatAddress { readonly allocationId: string; readonly eniId: string; readonly privateIp: string; readonly publicIp: string; readonly primary: boolean; readonly status: string }

export interface NatGateway {
  readonly id: string; readonly vpcId: string; readonly subnetId: string; readonly state: string; readonly connectivity: string;
  readonly created: string; readonly failure: string; readonly addresses: readonly NatAddress[]; readonly tags: Tags;
}

export function natGatewayFrom(el: Element): NatGateway {
  const code = text(el, 'failureCode');
  return {
    id: text(el, 'natGatewayId'), vpcId: text(el, 'vpcId'), subnetId: text(el, 'subnetId'), state: text(el, 'state'),
    connectivity: text(el, 'connectivityType'), created: text(el, 'createTime'),
    failure: code === '' ? '' : `${code}: ${text(el, 'failureMessage')}`,
    addresses: items(el, 'natGatewayAddressSet').map((a) => ({
      allocationId: text(a, 'allocationId'), eniId: text(a, 'networkInterfaceId'), privateIp: text(a, 'privateIp'),
      publicIp: text(a, 'publicIp'), primary: text(a, 'isPrimary') === 'true', status: text(a, 'status'),
    })),
    tags: tags(el),
  };
}

export interface VpnGateway {
  readonly id: string; readonly state: string; readonly type: string; readonly asn: string; readonly az: string;
  readonly attachments: readonly Attachment[]; readonly tags: Tags;
}

export function vpnGatewayFrom(el: Element): VpnGateway {
  return {
    id: text(el, 'vpnGatewayId'), state: text(el, 'state'), type: text(el, 'type'), asn: text(el, 'amazonSideAsn'),
    az: text(el, 'availabilityZone'),
    attachments: items(el, 'attachments').map((a) => ({ vpcId: text(a, 'vpcId'), state: text(a, 'state') })), tags: tags(el),
  };
}

export interface PeerSide { readonly vpcId: string; readonly owner: string; readonly region: string; readonly cidrs: readonly string[]; readonly ipv6: readonly string[] }

export interface PeeringConnection {
  readonly id: string; readonly status: string; readonly message: string; readonly expires: string;
  readonly requester: PeerSide; readonly accepter: PeerSide; readonly tags: Tags;
}

function peerSide(el: Element | undefined): PeerSide {
  const cidrs = items(el, 'cidrBlockSet').map((c) => text(c, 'cidrBlock'));
  const primary = text(el, 'cidrBlock');
  return {
    vpcId: text(el, 'vpcId'), owner: text(el, 'ownerId'), region: text(el, 'region'),
    cidrs: cidrs.length > 0 ? cidrs : primary === '' ? [] : [primary],
    ipv6: items(el, 'ipv6CidrBlockSet').map((c) => text(c, 'ipv6CidrBlock')),
  };
}

export function peeringFrom(el: Element): PeeringConnection {
  const status = child(el, 'status');
  return {
    id: text(el, 'vpcPeeringConnectionId'), status: text(status, 'code'), message: text(status, 'message'),
    expires: text(el, 'expirationTime'), requester: peerSide(child(el, 'requesterVpcInfo')), accepter: peerSide(child(el, 'accepterVpcInfo')),
    tags: tags(el),
  };
}

export interface AclEntry {
  readonly ruleNumber: number; readonly egress: boolean; readonly protocol: string; readonly action: string; readonly cidr: string;
  readonly ports: string; readonly icmp: string;
}

export interface NetworkAcl {
  readonly id: string; readonly vpcId: string; readonly isDefault: boolean; readonly entries: readonly AclEntry[];
  readonly subnetIds: readonly string[]; readonly owner: string; readonly tags: Tags;
}

export function networkAclFrom(el: Element): NetworkAcl {
  return {
    id: text(el, 'networkAclId'), vpcId: text(el, 'vpcId'), isDefault: text(el, 'default') === 'true', owner: text(el, 'ownerId'),
    entries: items(el, 'entrySet').map((e) => {
      const ports = child(e, 'portRange');
      const icmp = child(e, 'icmpTypeCode');
      const from = text(ports, 'from');
      const to = text(ports, 'to');
      return {
        ruleNumber: Number(text(e, 'ruleNumber')), egress: text(e, 'egress') === 'true', protocol: text(e, 'protocol'),
        action: text(e, 'ruleAction'), cidr: text(e, 'cidrBlock') || text(e, 'ipv6CidrBlock'),
        ports: ports === undefined ? '' : from === to ? from : `${from}-${to}`,
        icmp: icmp === undefined ? '' : `type ${text(icmp, 'type')} code ${text(icmp, 'code')}`,
      };
    }),
    subnetIds: items(el, 'associationSet').map((a) => text(a, 'subnetId')).filter((s) => s !== ''),
    tags: tags(el),
  };
}

export interface GroupRef { readonly id: string; readonly name: string }

export interface NetworkInterface {
  readonly id: string; readonly type: string; readonly status: string; readonly subnetId: string; readonly vpcId: string;
  readonly az: string; readonly description: string; readonly privateIp: string; readonly privateIps: readonly string[];
  readonly ipv6: readonly string[]; readonly publicIp: string; readonly mac: string; readonly privateDnsName: string;
  readonly groups: readonly GroupRef[]; readonly requesterManaged: boolean; readonly requesterId: string;
  readonly sourceDestCheck: boolean; readonly owner: string;
  readonly attachment: { readonly id: string; readonly instanceId: string; readonly deviceIndex: string; readonly status: string } | undefined;
  readonly tags: Tags;
}

export function networkInterfaceFrom(el: Element): NetworkInterface {
  const att = child(el, 'attachment');
  return {
    id: text(el, 'networkInterfaceId'), type: text(el, 'interfaceType'), status: text(el, 'status'), subnetId: text(el, 'subnetId'),
    vpcId: text(el, 'vpcId'), az: text(el, 'availabilityZone'), description: text(el, 'description'),
    privateIp: text(el, 'privateIpAddress'),
    privateIps: items(el, 'privateIpAddressesSet').map((p) => text(p, 'privateIpAddress')),
    ipv6: items(el, 'ipv6AddressesSet').map((p) => text(p, 'ipv6Address')),
    publicIp: text(child(el, 'association'), 'publicIp'), mac: text(el, 'macAddress'), privateDnsName: text(el, 'privateDnsName'),
    groups: items(el, 'groupSet').map((g) => ({ id: text(g, 'groupId'), name: text(g, 'groupName') })),
    requesterManaged: text(el, 'requesterManaged') === 'true', requesterId: text(el, 'requesterId'),
    sourceDestCheck: text(el, 'sourceDestCheck') === 'true', owner: text(el, 'ownerId'),
    attachment: att === undefined ? undefined : {
      id: text(att, 'attachmentId'), instanceId: text(att, 'instanceId'), deviceIndex: text(att, 'deviceIndex'), status: text(att, 'status'),
    },
    tags: tags(el),
  };
}

export interface Instance {
  readonly id: string; readonly state: string; readonly type: string; readonly imageId: string; readonly az: string;
  readonly subnetId: string; readonly vpcId: string; readonly privateIp: string; readonly publicIp: string;
  readonly privateDnsName: string; readonly launched: string; readonly profileArn: string; readonly groups: readonly GroupRef[];
  readonly eniIds: readonly string[]; readonly tags: Tags;
}

/** Every instance of a DescribeInstances answer's reservations. */
export function instancesFrom(reservations: readonly Element[]): Instance[] {
  return reservations.flatMap((r) => items(r, 'instancesSet')).map((el) => ({
    id: text(el, 'instanceId'), state: text(child(el, 'instanceState'), 'name'), type: text(el, 'instanceType'), imageId: text(el, 'imageId'),
    az: text(child(el, 'placement'), 'availabilityZone'), subnetId: text(el, 'subnetId'), vpcId: text(el, 'vpcId'),
    privateIp: text(el, 'privateIpAddress'), publicIp: text(el, 'ipAddress'), privateDnsName: text(el, 'privateDnsName'),
    launched: text(el, 'launchTime'), profileArn: text(child(el, 'iamInstanceProfile'), 'arn'),
    groups: items(el, 'groupSet').map((g) => ({ id: text(g, 'groupId'), name: text(g, 'groupName') })),
    eniIds: items(el, 'networkInterfaceSet').map((n) => text(n, 'networkInterfaceId')),
    tags: tags(el),
  }));
}

export interface PrefixList {
  readonly id: string; readonly name: string; readonly owner: string; readonly family: string; readonly state: string;
  readonly maxEntries: string; readonly version: string; readonly arn: string; readonly tags: Tags;
}

export function prefixListFrom(el: Element): PrefixList {
  return {
    id: text(el, 'prefixListId'), name: text(el, 'prefixListName'), owner: text(el, 'ownerId'), family: text(el, 'addressFamily'),
    state: text(el, 'state'), maxEntries: text(el, 'maxEntries'), version: text(el, 'version'), arn: text(el, 'prefixListArn'), tags: tags(el),
  };
}

export interface LoadBalancer {
  readonly arn: string; readonly name: string; readonly dnsName: string; readonly type: string; readonly scheme: string;
  readonly state: string; readonly vpcId: string; readonly created: string; readonly ipAddressType: string; readonly zoneId: string;
  readonly zones: readonly { readonly zone: string; readonly subnetId: string; readonly addresses: readonly string[] }[];
  readonly groups: readonly string[];
}

export function loadBalancerFrom(el: Element): LoadBalancer {
  return {
    arn: text(el, 'LoadBalancerArn'), name: text(el, 'LoadBalancerName'), dnsName: text(el, 'DNSName'), type: text(el, 'Type'),
    scheme: text(el, 'Scheme'), state: text(child(el, 'State'), 'Code'), vpcId: text(el, 'VpcId'), created: text(el, 'CreatedTime'),
    ipAddressType: text(el, 'IpAddressType'), zoneId: text(el, 'CanonicalHostedZoneId'),
    zones: members(el, 'AvailabilityZones').map((z) => ({
      zone: text(z, 'ZoneName'), subnetId: text(z, 'SubnetId'),
      addresses: members(z, 'LoadBalancerAddresses').map((a) => text(a, 'IpAddress') || text(a, 'PrivateIPv4Address')).filter((a) => a !== ''),
    })),
    groups: members(el, 'SecurityGroups').map((g) => g.textContent ?? ''),
  };
}

export interface TargetGroup {
  readonly arn: string; readonly name: string; readonly protocol: string; readonly port: string; readonly targetType: string;
  readonly vpcId: string; readonly loadBalancerArns: readonly string[]; readonly healthCheck: string; readonly ipAddressType: string;
}

export function targetGroupFrom(el: Element): TargetGroup {
  const hcPath = text(el, 'HealthCheckPath');
  return {
    arn: text(el, 'TargetGroupArn'), name: text(el, 'TargetGroupName'), protocol: text(el, 'Protocol'), port: text(el, 'Port'),
    targetType: text(el, 'TargetType'), vpcId: text(el, 'VpcId'),
    loadBalancerArns: members(el, 'LoadBalancerArns').map((a) => a.textContent ?? ''),
    healthCheck: `${text(el, 'HealthCheckProtocol')} ${text(el, 'HealthCheckPort')}${hcPath === '' ? '' : ` ${hcPath}`}`.trim(),
    ipAddressType: text(el, 'IpAddressType'),
  };
}

/** ELBv2 tags of one resource from a DescribeTags answer. */
export function elbTagsFrom(result: Element, arn: string): Record<string, string> {
  const out: Record<string, string> = {};
  const desc = members(result, 'TagDescriptions').find((d) => text(d, 'ResourceArn') === arn);
  for (const t of members(desc, 'Tags')) out[text(t, 'Key')] = text(t, 'Value');
  return out;
}

/** The Name tag, or ''. */
export function nameOf(t: Tags): string {
  return t['Name'] ?? '';
}

