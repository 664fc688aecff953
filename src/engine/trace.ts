/**
 * @module Traces as data: the flow asked about, the ordered steps (each naming the resource and the exact rule
 * or route that decided it), the disposition it ended in, and the request context a service would see.
 */
import type { RouteDestination, RouteTarget } from '../model/resources.js';

/**
 * Reachability Analyzer explanation codes this engine emits (`/work/shared/spec/reachability-explanation-codes.md`,
 * https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
 */
export const EXPLANATION_CODES = [
  'BAD_STATE', 'BAD_STATE_ROUTE', 'CANNOT_ROUTE', 'ELBV2_LISTENER_HAS_NO_TG', 'ELBV2_LISTENER_PORT_RESTRICTION',
  'ELBV2_LISTENERS_MISMATCH', 'ELBV2_NO_TARGETS_IN_AZ', 'ENI_SG_RULES_MISMATCH', 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
  'HIGHER_PRIORITY_ROUTE', 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
  'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
  'MORE_SPECIFIC_ROUTE', 'NGW_REQUIRES_SOURCE_IN_VPC', 'NGW_SOURCE_ADDRESS_REASSIGN', 'NO_POSSIBLE_DESTINATION',
  'NO_ROUTE_TO_DESTINATION', 'NO_SOURCE_OR_DESTINATION', 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR', 'REMAP_EPHEMERAL_PORT',
  'SG_HAS_NO_RULES', 'SUBNET_ACL_RESTRICTION', 'UNKNOWN_DESTINATION', 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
  'VPCE_GATEWAY_PROTOCOL_RESTRICTION',
] as const;
export type ExplanationCode = (typeof EXPLANATION_CODES)[number];

export const FLOW_PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;
export type FlowProtocol = (typeof FLOW_PROTOCOLS)[number];

/** The AWS service a flow is addressed to, when the caller knows it (lets a gateway-endpoint route deliver). */
export interface ServiceDestination {
  /** e.g. `s3`, `dynamodb`. */
  readonly service: string;
  readonly region: string;
}

/** The question: from a source (instance, ENI, subnet, or an outside point) to an IPv4 address and port. */
export interface Flow {
  /** Where the source lives (its account and Region). */
  readonly account: string;
  readonly region: string;
  /**
   * An instance ID (`i-...`), network interface ID (`eni-...`) or subnet ID (`subnet-...`: an address in the
   * subnet, no security group); or an outside source entering a VPC: a virtual private gateway (`vgw-...`,
   * on-premises over VPN; `dx:vgw-...`, the same over Direct Connect), a peering connection (`pcx-...`, from the
   * peer VPC), each with `sourceIp`, or `internet` (to a public IP; `sourceIp` defaults to 198.51.100.10).
   */
  readonly source: string;
  /**
   * The sender's address: `vgw-`/`dx:vgw-`: on-premises; `pcx-`: an address in the peer VPC; `internet`: a public
   * address; `subnet-`: an address inside the subnet (default: its first usable address, the base + 4).
   */
  readonly sourceIp?: string;
  readonly destinationIp: string;
  readonly protocol: FlowProtocol;
  /** Destination port (TCP/UDP); for ICMP the type (default 8, echo request). */
  readonly port: number;
  /**
   * The source (ephemeral) port. Absent: the return path must be open on the whole ephemeral range 1024-65535
   * (AWS "Network ACLs", section "Ephemeral ports": allow 1024-65535 to cover every client).
   */
  readonly sourcePort?: number;
  readonly service?: ServiceDestination;
  /** The hostname the destination was resolved from (a flow asked by name: `traceFlow` fills `destinationIp`). */
  readonly destinationName?: string;
}

/** A flow asked by hostname: the VPC resolver of the source's VPC answers first (a `dns` step), then the IP flow. */
export type HostnameFlow = Omit<Flow, 'destinationIp' | 'destinationName'> & { readonly destinationName: string; readonly destinationIp?: undefined };

/** What `traceFlow` accepts: an IP flow, or a hostname flow. */
export type FlowRequest = Flow | HostnameFlow;

/** What decided a step. Every variant names the exact rule, entry, route or state. */
export type Decider =
  | { readonly by: 'source'; readonly networkInterfaceId: string; readonly privateIp: string; readonly instanceId?: string }
  | { readonly by: 'securityGroupRule'; readonly groupId: string; readonly ruleId: string; readonly rule: string }
  | { readonly by: 'noSecurityGroupRule'; readonly groupIds: readonly string[]; readonly groupsWithoutRules: readonly string[] }
  | { readonly by: 'aclEntry'; readonly ruleNumber: number; readonly action: 'allow' | 'deny'; readonly entry: string; readonly ports?: string }
  | { readonly by: 'sameSubnet'; readonly subnetId: string }
  | { readonly by: 'route'; readonly routeTableId: string; readonly route: RouteRef; readonly lost?: readonly RouteLoss[] }
  | { readonly by: 'noRoute'; readonly routeTableId: string }
  | { readonly by: 'state'; readonly state: string }
  | { readonly by: 'address'; readonly address: string; readonly translatedFrom?: string }
  | { readonly by: 'cidr'; readonly cidrs: readonly string[]; readonly address: string }
  | { readonly by: 'attribute'; readonly name: string; readonly value: string }
  | { readonly by: 'listener'; readonly listenerArn: string; readonly protocol: string; readonly port: number; readonly targetGroupArns: readonly string[] }
  | { readonly by: 'target'; readonly targetGroupArn: string; readonly targetId: string; readonly port: number; readonly state: string }
  | { readonly by: 'dnsRecord'; readonly name: string; readonly record: string; readonly addresses: readonly string[] };

/** A route as a trace names it: its destination (the matched CIDR, and the prefix list if expanded from one). */
export interface RouteRef {
  readonly destination: RouteDestination;
  readonly matchedCidr: string;
  readonly target: RouteTarget;
  readonly origin: string;
  readonly state: 'active' | 'blackhole';
}

/** A route that also covered the destination but lost, and why. */
export interface RouteLoss {
  readonly route: RouteRef;
  readonly code: 'MORE_SPECIFIC_ROUTE' | 'HIGHER_PRIORITY_ROUTE';
}

export const STEP_KINDS = [
  'source', 'securityGroup', 'networkAcl', 'routeTable', 'internetGateway', 'natGateway', 'vpcPeeringConnection',
  'vpnGateway', 'vpcEndpoint', 'networkInterface', 'destination', 'dns', 'loadBalancer', 'targetGroup',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface Step {
  readonly kind: StepKind;
  /** The resource the step passed through (`sg-`, `acl-`, `rtb-`, `igw-`, ...). */
  readonly resourceId: string;
  readonly path: 'forward' | 'return';
  readonly direction?: 'egress' | 'ingress';
  readonly verdict: 'allow' | 'deny' | 'forward' | 'drop' | 'deliver';
  readonly decidedBy: Decider;
  readonly code?: ExplanationCode;
  /** One line for `vpce explain`. */
  readonly note: string;
}

/** Where a delivered flow arrived. */
export type DeliveryPoint =
  | { readonly type: 'networkInterface'; readonly networkInterfaceId: string; readonly instanceId?: string }
  | { readonly type: 'internet'; readonly internetGatewayId: string }
  | { readonly type: 'onPremises'; readonly vpnGatewayId: string }
  | { readonly type: 'awsService'; readonly vpcEndpointId: string; readonly service: string }
  | { readonly type: 'interfaceEndpoint'; readonly vpcEndpointId: string; readonly networkInterfaceId: string }
  | { readonly type: 'loadBalancer'; readonly networkInterfaceId: string }
  | { readonly type: 'endpointServiceTarget'; readonly vpcEndpointId: string; readonly loadBalancerArn: string; readonly listenerArn: string; readonly targetGroupArn: string; readonly targetId: string; readonly port: number; readonly networkInterfaceId: string }
  | { readonly type: 'appliance'; readonly networkInterfaceId: string; readonly instanceId?: string };

/** How a flow ended. Every variant but `delivered` is a reason it did not arrive. */
export type Disposition =
  | { readonly kind: 'delivered'; readonly to: DeliveryPoint }
  | { readonly kind: 'sourceNotFound'; readonly source: string }
  | { readonly kind: 'sourceNotRunning'; readonly instanceId: string; readonly state: string }
  | { readonly kind: 'noRoute'; readonly routeTableId: string; readonly path: 'forward' | 'return' }
  | { readonly kind: 'blackhole'; readonly routeTableId: string; readonly route: RouteRef; readonly reason: string }
  | { readonly kind: 'deniedBySecurityGroup'; readonly networkInterfaceId: string; readonly direction: 'egress' | 'ingress'; readonly groupIds: readonly string[] }
  | { readonly kind: 'deniedByNetworkAcl'; readonly networkAclId: string; readonly subnetId: string; readonly direction: 'egress' | 'ingress'; readonly ruleNumber: number; readonly path: 'forward' | 'return' }
  | { readonly kind: 'noDestination'; readonly vpcId: string; readonly address: string }
  | { readonly kind: 'noPublicIp'; readonly networkInterfaceId: string; readonly internetGatewayId: string }
  | { readonly kind: 'droppedAtGateway'; readonly gatewayId: string; readonly reason: string }
  | { readonly kind: 'notReachableAcrossPeering'; readonly vpcPeeringConnectionId: string; readonly reason: string }
  | { readonly kind: 'notReachableFromInternet'; readonly address: string; readonly reason: 'privateAddress' | 'noPublicIpMapping' | 'noInternetGateway' | 'privateSource' | 'egressOnly'; readonly detail: string; readonly internetGatewayId?: string }
  | { readonly kind: 'peerUnknown'; readonly vpcPeeringConnectionId: string; readonly reason: string }
  | { readonly kind: 'sourceDestCheck'; readonly networkInterfaceId: string }
  | { readonly kind: 'protocolNotSupported'; readonly resourceId: string; readonly protocol: FlowProtocol }
  | { readonly kind: 'regionMismatch'; readonly resourceId: string; readonly expected: string; readonly actual: string }
  | { readonly kind: 'dnsUnresolved'; readonly name: string; readonly reason?: string }
  | { readonly kind: 'endpointUnavailable'; readonly vpcEndpointId: string; readonly state: string; readonly reason: string }
  | { readonly kind: 'noListener'; readonly loadBalancerArn: string; readonly protocol: FlowProtocol; readonly port: number; readonly reason: string }
  | { readonly kind: 'noHealthyTarget'; readonly loadBalancerArn: string; readonly targetGroupArns: readonly string[]; readonly reason: string }
  | { readonly kind: 'deniedByPolicy'; readonly policy: string; readonly reason: string }
  | { readonly kind: 'notTraced'; readonly resourceId: string; readonly reason: string }
  | { readonly kind: 'hopLimit'; readonly hops: number };

export type DispositionKind = Disposition['kind'];

/**
 * The request context a service sees for this flow (the condition keys `iam` evaluates). AWS ("AWS global
 * condition context keys"): `aws:SourceIp` is the public address and is absent for requests through a VPC
 * endpoint; `aws:SourceVpc`, `aws:SourceVpce` and `aws:VpcSourceIp` are present only through a VPC endpoint.
 */
export interface RequestContext {
  /** The source address as the destination sees it. */
  readonly sourceAddress: string;
  readonly keys: Readonly<Record<string, string>>;
}

export interface Trace {
  readonly flow: Flow;
  readonly steps: readonly Step[];
  readonly disposition: Disposition;
  /** The explanation code of the deciding step when the flow did not arrive. */
  readonly code?: ExplanationCode;
  /** Present when the flow was delivered. */
  readonly context?: RequestContext;
}
