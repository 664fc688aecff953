/**
 * @module The compiled network view: the evaluation structures `compile.ts` builds from the model (route tries
 * with expanded prefix lists, subnet-to-table and subnet-to-ACL maps, ENIs by id and by private IP, security
 * groups with resolved references, ordered NACL entries). AWS-native on purpose, so traces speak AWS.
 */
import type { Cidr } from '../shared/cidr.js';
import type { PrefixTrie } from '../shared/prefix-trie.js';
import type {
  EgressOnlyInternetGateway, InternetGateway, NatGateway, NetworkInterface, Route, RouteDestination, RouteTable, RouteTarget, Subnet, Vpc,
  VpcEndpoint, VpcEndpointService, LoadBalancer, Listener, TargetGroup, VpcPeeringConnection, VpnGateway,
} from '../model/resources.js';

/**
 * Route priority at an equal prefix, best first. AWS ("How route priority works", VPC User Guide,
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html): longest prefix first; then static
 * routes, then prefix-list routes, then propagated routes. The local route is listed first: for its own CIDR no
 * other route can win.
 */
export const ROUTE_PRIORITY = { local: 0, static: 1, prefixList: 2, propagated: 3 } as const;
export type RoutePriority = keyof typeof ROUTE_PRIORITY;

/** One route as it sits in a trie: for a prefix-list route, one entry per expanded CIDR. */
export interface CompiledRoute {
  readonly routeTableId: string;
  readonly route: Route;
  readonly destination: RouteDestination;
  /** The CIDR this entry covers (the route's own, or one entry of its prefix list). */
  readonly cidr: Cidr;
  readonly cidrText: string;
  readonly target: RouteTarget;
  readonly origin: Route['origin'];
  readonly priority: RoutePriority;
  readonly state: 'active' | 'blackhole';
  /** Position in the table, the last tie-break (two prefix lists expanding to the same CIDR). */
  readonly index: number;
}

export interface CompiledRouteTable {
  readonly record: RouteTable;
  readonly id: string;
  readonly vpcId: string;
  readonly trie: PrefixTrie<CompiledRoute>;
  /** Prefix lists a route names that could not be expanded (unknown or AWS-managed without a resolver). */
  readonly unresolvedPrefixLists: readonly string[];
  /** The CIDRs each prefix list a route names was expanded to (an imported AWS list: its own ranges and vpce's). */
  readonly prefixLists: ReadonlyMap<string, readonly Cidr[]>;
}

/** A security group rule's peer, resolved for matching. */
export type CompiledPeer =
  | { readonly type: 'cidr'; readonly cidr: Cidr; readonly text: string }
  | { readonly type: 'group'; readonly groupId: string; readonly ownerId: string; readonly text: string }
  | { readonly type: 'prefixList'; readonly prefixListId: string; readonly cidrs: readonly Cidr[]; readonly text: string };

export interface CompiledSgRule {
  readonly ruleId: string;
  readonly groupId: string;
  /** IP protocol number; -1 for all. */
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: CompiledPeer;
  readonly text: string;
}

export interface CompiledSecurityGroup {
  readonly id: string;
  readonly vpcId: string;
  readonly ownerId: string;
  readonly ingress: readonly CompiledSgRule[];
  readonly egress: readonly CompiledSgRule[];
}

export interface CompiledAclEntry {
  readonly ruleNumber: number;
  readonly action: 'allow' | 'deny';
  /** IP protocol number; -1 for all. */
  readonly protocol: number;
  readonly cidr: Cidr;
  readonly portRange?: { readonly from: number; readonly to: number };
  readonly icmp?: { readonly type: number; readonly code: number };
  readonly text: string;
}

export interface CompiledAcl {
  readonly id: string;
  readonly vpcId: string;
  /** Entries in rule-number order, the catch-all (32767) last. */
  readonly inbound: readonly CompiledAclEntry[];
  readonly outbound: readonly CompiledAclEntry[];
}

/** A network interface with what tracing needs at hand. */
export interface CompiledEni {
  readonly record: NetworkInterface;
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly privateIps: readonly string[];
  /** Public IPv4 (auto-assigned or Elastic IP), if any. */
  readonly publicIp?: string;
  readonly instanceId?: string;
  /** The VPC endpoint whose interface this is (interface endpoints). */
  readonly vpcEndpointId?: string;
}

/** The compiled state of one account+Region partition. */
export interface CompiledPartition {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  /** Subnet ID -> route table ID (explicit association, else the VPC's main table). */
  readonly subnetRouteTable: ReadonlyMap<string, string>;
  /** Subnet ID -> network ACL ID. */
  readonly subnetAcl: ReadonlyMap<string, string>;
  /** Gateway ID (igw-/vgw-) -> route table ID (edge associations). */
  readonly gatewayRouteTable: ReadonlyMap<string, string>;
  /** VPC ID -> its main route table's ID. */
  readonly mainRouteTable: ReadonlyMap<string, string>;
  /** Compiled on first lookup; iterating compiles every table (see `lazy-compiled.ts`). */
  readonly routeTables: ReadonlyMap<string, CompiledRouteTable>;
  /** The same tables' records, compiling nothing: for scans of the routes that trace only the tables they pick. */
  readonly routeTableRecords: ReadonlyMap<string, RouteTable>;
  readonly acls: ReadonlyMap<string, CompiledAcl>;
  readonly securityGroups: ReadonlyMap<string, CompiledSecurityGroup>;
  /** Security group ID -> private IPs of the member interfaces (for group-referencing rules). */
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly enis: ReadonlyMap<string, CompiledEni>;
  /** `vpcId|privateIp` -> ENI ID. */
  readonly eniByIp: ReadonlyMap<string, string>;
  /** Public IPv4 and (global) IPv6 address -> ENI ID. */
  readonly eniByPublicIp: ReadonlyMap<string, string>;
  /** Instance ID -> its primary ENI ID and state. */
  readonly instances: ReadonlyMap<string, { readonly primaryEniId: string | undefined; readonly state: string; readonly vpcId: string }>;
  readonly internetGateways: ReadonlyMap<string, InternetGateway>;
  readonly egressOnlyInternetGateways: ReadonlyMap<string, EgressOnlyInternetGateway>;
  readonly natGateways: ReadonlyMap<string, NatGateway>;
  readonly vpnGateways: ReadonlyMap<string, VpnGateway>;
  readonly vpcEndpoints: ReadonlyMap<string, VpcEndpoint>;
  /** Endpoint services (PrivateLink) this partition provides, by service ID (`vpce-svc-...`). */
  readonly endpointServices: ReadonlyMap<string, VpcEndpointService>;
  /** ELBv2 load balancers, listeners and target groups by ARN (the PrivateLink hop follows an NLB to its targets). */
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly listeners: ReadonlyMap<string, Listener>;
  readonly targetGroups: ReadonlyMap<string, TargetGroup>;
  /** Parsed CIDR blocks of each VPC (associated IPv4 blocks). */
  readonly vpcCidrs: ReadonlyMap<string, readonly Cidr[]>;
  /** The DNS servers each VPC's DHCP option set gives its instances (`AmazonProvidedDNS` unless the set names others). */
  readonly vpcNameServers: ReadonlyMap<string, readonly string[]>;
}

/** Everything tracing reads: compiled partitions on demand, and the global partition's peering records. */
export interface NetworkView {
  /** The `World.version` this view was compiled at. */
  readonly version: number;
  /** The time route states and peering status were judged at (from the injected clock). */
  readonly now: number;
  partition(account: string, region: string): CompiledPartition;
  peering(id: string): VpcPeeringConnection | undefined;
  /** The effective status of a peering connection now (expiry and deleted VPCs applied). */
  peeringStatus(pcx: VpcPeeringConnection): VpcPeeringConnection['status'];
}

/** Key for `eniByIp`. */
export function ipKey(vpcId: string, ip: string): string {
  return `${vpcId}|${ip}`;
}
