/**
 * @module Every resource kind the model stores, as immutable records discriminated by `kind`.
 * Records are replaced, never mutated, so the transaction's undo log can restore a previous reference.
 */
import type { Tags } from './tags.js';

interface Base {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: Tags;
}

export interface CidrAssociation {
  readonly associationId: string;
  readonly cidrBlock: string;
  readonly state: 'associated' | 'disassociated';
  /** IPv6 blocks: where Amazon advertises the block (the Region's name unless a Local Zone's group was asked). */
  readonly networkBorderGroup?: string;
}

export interface Vpc extends Base {
  readonly kind: 'vpc';
  readonly cidrBlock: string;
  readonly cidrAssociations: readonly CidrAssociation[];
  readonly ipv6Associations: readonly CidrAssociation[];
  readonly isDefault: boolean;
  readonly instanceTenancy: string;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly createdAt: number;
  /** The associated DHCP option set; absent means none (`default` on the wire). */
  readonly dhcpOptionsId?: string;
  /** AWS: Network Address Usage metrics (`enableNetworkAddressUsageMetrics`), off unless turned on. */
  readonly enableNetworkAddressUsageMetrics?: boolean;
}

export interface Subnet extends Base {
  readonly kind: 'subnet';
  readonly vpcId: string;
  /** The IPv4 block; empty for an IPv6-only subnet. */
  readonly cidrBlock: string;
  readonly ipv6Associations: readonly CidrAssociation[];
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  /** Resource-based naming options for instances launched here (`PrivateDnsNameOptionsOnLaunch`); absent = defaults. */
  readonly privateDnsHostnameType?: 'ip-name' | 'resource-name';
  readonly enableResourceNameDnsARecord?: boolean;
  readonly enableResourceNameDnsAAAARecord?: boolean;
  readonly enableDns64?: boolean;
  /** An IPv6-only subnet (`Ipv6Native`): `cidrBlock` is then empty. */
  readonly ipv6Native?: boolean;
}

/** Where a route sends traffic. Exactly one target per route. */
export type RouteTarget =
  | { readonly type: 'local' }
  | { readonly type: 'internetGateway'; readonly id: string }
  | { readonly type: 'egressOnlyInternetGateway'; readonly id: string }
  | { readonly type: 'natGateway'; readonly id: string }
  | { readonly type: 'vpcPeeringConnection'; readonly id: string }
  | { readonly type: 'networkInterface'; readonly id: string }
  | { readonly type: 'instance'; readonly id: string }
  | { readonly type: 'vpnGateway'; readonly id: string }
  | { readonly type: 'vpcEndpoint'; readonly id: string };

/** A route's destination: an IPv4 or IPv6 CIDR block, or a prefix list. */
export type RouteDestination =
  | { readonly type: 'cidr'; readonly cidr: string }
  | { readonly type: 'ipv6Cidr'; readonly cidr: string }
  | { readonly type: 'prefixList'; readonly prefixListId: string };

export interface Route {
  readonly destination: RouteDestination;
  readonly target: RouteTarget;
  /** How the route came to be: `CreateRouteTable` (local), `CreateRoute`, or `CreateVpcEndpoint`. */
  readonly origin: 'CreateRouteTable' | 'CreateRoute' | 'EnableVgwRoutePropagation' | 'CreateVpcEndpoint';
}

export interface RouteTableAssociation {
  readonly associationId: string;
  readonly main: boolean;
  /** The associated subnet or gateway; absent for the main association. */
  readonly subnetId?: string;
  readonly gatewayId?: string;
}

export interface RouteTable extends Base {
  readonly kind: 'routeTable';
  readonly vpcId: string;
  readonly routes: readonly Route[];
  readonly associations: readonly RouteTableAssociation[];
  /** Virtual private gateways whose routes propagate into this table (`EnableVgwRoutePropagation`). */
  readonly propagatingVgwIds?: readonly string[];
}

export interface InternetGateway extends Base {
  readonly kind: 'internetGateway';
  /** The attached VPC, if any (an internet gateway attaches to at most one VPC). */
  readonly attachedVpcId?: string;
}

/** An egress-only internet gateway: outbound-only IPv6 to the internet, created attached to its VPC. */
export interface EgressOnlyInternetGateway extends Base {
  readonly kind: 'egressOnlyInternetGateway';
  readonly vpcId: string;
}

export interface NatGateway extends Base {
  readonly kind: 'natGateway';
  readonly vpcId: string;
  readonly subnetId: string;
  readonly connectivityType: 'public' | 'private';
  readonly allocationId?: string;
  /** Absent when the gateway failed before its interface was made. */
  readonly networkInterfaceId?: string;
  readonly privateIp?: string;
  readonly publicIp?: string;
  readonly associationId?: string;
  readonly state: 'pending' | 'available' | 'deleting' | 'deleted' | 'failed';
  readonly failureCode?: string;
  readonly failureMessage?: string;
  readonly createdAt: number;
  readonly deletedAt?: number;
}

export interface Address extends Base {
  readonly kind: 'address';
  readonly publicIp: string;
  readonly domain: 'vpc';
  readonly associationId?: string;
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly privateIp?: string;
}

export interface VpnGateway extends Base {
  readonly kind: 'vpnGateway';
  readonly type: 'ipsec.1';
  readonly amazonSideAsn: number;
  readonly availabilityZone?: string;
  readonly attachedVpcId?: string;
  /** The VPC it was last detached from, listed as a `detached` attachment while no VPC is attached. */
  readonly detachedVpcId?: string;
  readonly state: 'available' | 'deleted';
  readonly deletedAt?: number;
}

export interface PeeringSide {
  readonly ownerId: string;
  readonly region: string;
  readonly vpcId: string;
  /** The VPC's primary and associated IPv4 blocks, once known (the accepter's after acceptance). */
  readonly cidrBlock?: string;
  readonly cidrBlocks?: readonly string[];
}

export interface VpcPeeringConnection extends Base {
  readonly kind: 'vpcPeeringConnection';
  readonly requester: PeeringSide;
  readonly accepter: PeeringSide;
  readonly status: 'initiating-request' | 'pending-acceptance' | 'active' | 'deleted' | 'rejected' | 'failed' | 'expired' | 'provisioning' | 'deleting';
  readonly statusMessage: string;
  readonly expiresAt: number;
  /** When the status last changed. */
  readonly updatedAt: number;
  /** `ModifyVpcPeeringConnectionOptions`: each side's `AllowDnsResolutionFromRemoteVpc`. */
  readonly requesterAllowsDnsResolution?: boolean;
  readonly accepterAllowsDnsResolution?: boolean;
  /** The accepter's own tags when it is another account or Region (`tags` are the requester's): `peeringTagsOf`. */
  readonly accepterTags?: Tags;
}

/** One DHCP option of a set: a key (`domain-name`, `domain-name-servers`, ...) and its values. */
export interface DhcpConfiguration {
  readonly key: string;
  readonly values: readonly string[];
}

/** A DHCP option set. AWS: immutable once created; associated with any number of VPCs. */
export interface DhcpOptions extends Base {
  readonly kind: 'dhcpOptions';
  readonly configurations: readonly DhcpConfiguration[];
  /** The Region's default set, made with the account's defaults and given to new VPCs. */
  readonly regionDefault?: boolean;
}

/** One side of a security group rule's peer. */
export type RulePeer =
  | { readonly type: 'cidr'; readonly cidr: string }
  | { readonly type: 'ipv6Cidr'; readonly cidr: string }
  | { readonly type: 'group'; readonly groupId: string; readonly ownerId: string }
  | { readonly type: 'prefixList'; readonly prefixListId: string };

export interface SecurityGroupRule {
  readonly ruleId: string;
  readonly egress: boolean;
  /** `-1` for all, else `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number as text. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeer;
  readonly description?: string;
  /** Tags of the rule itself (`security-group-rule` tag specifications). */
  readonly tags?: Tags;
}

export interface SecurityGroup extends Base {
  readonly kind: 'securityGroup';
  readonly vpcId: string;
  readonly groupName: string;
  readonly description: string;
  readonly rules: readonly SecurityGroupRule[];
}

export interface NetworkAclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly protocol: string;
  readonly action: 'allow' | 'deny';
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
  readonly icmp?: { readonly type: number; readonly code: number };
}

export interface NetworkAclAssociation {
  readonly associationId: string;
  readonly subnetId: string;
}

export interface NetworkAcl extends Base {
  readonly kind: 'networkAcl';
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly entries: readonly NetworkAclEntry[];
  readonly associations: readonly NetworkAclAssociation[];
}

export interface NetworkInterface extends Base {
  readonly kind: 'networkInterface';
  readonly vpcId: string;
  readonly subnetId: string;
  readonly availabilityZone: string;
  /** The primary private IPv4 address; absent on an interface in an IPv6-only subnet (AWS: "IPv6-only subnets"). */
  readonly privateIp?: string;
  readonly secondaryPrivateIps: readonly string[];
  readonly ipv6Addresses: readonly string[];
  /** `EnablePrimaryIpv6`: the first IPv6 address is the interface's primary IPv6 address. */
  readonly primaryIpv6?: boolean;
  readonly groupIds: readonly string[];
  readonly description: string;
  readonly interfaceType: 'interface' | 'efa' | 'trunk' | 'vpc_endpoint' | 'nat_gateway' | 'network_load_balancer';
  readonly requesterManaged: boolean;
  readonly requesterId?: string;
  readonly sourceDestCheck: boolean;
  readonly macAddress: string;
  readonly publicIp?: string;
  /** The auto-assigned public address was given back for an Elastic IP; a new one returns when the Elastic IP leaves. */
  readonly publicIpReleased?: boolean;
  readonly attachment?: { readonly attachmentId: string; readonly instanceId: string; readonly deviceIndex: number; readonly attachedAt: number; readonly deleteOnTermination: boolean };
  readonly status: 'available' | 'in-use';
}

export interface Instance extends Base {
  readonly kind: 'instance';
  readonly reservationId: string;
  readonly imageId: string;
  readonly instanceType: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly networkInterfaceIds: readonly string[];
  /** The primary interface's private IPv4 address; absent in an IPv6-only subnet. */
  readonly privateIp?: string;
  readonly publicIp?: string;
  readonly groupIds: readonly string[];
  readonly state: 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
  readonly launchedAt: number;
  readonly keyName?: string;
  readonly iamInstanceProfileArn?: string;
  /** The profile's `AIPA…` id (records written before IAM was served lack it). */
  readonly iamInstanceProfileId?: string;
  readonly clientToken?: string;
  readonly amiLaunchIndex: number;
  /** When TerminateInstances ran (the instance stays visible as `terminated`). */
  readonly terminatedAt?: number;
  /** Launch settings and attributes (records stored before they were served lack them: AWS's defaults apply). */
  readonly settings?: InstanceSettings;
  /** EBS volumes attached at launch, root first. */
  readonly blockDevices?: readonly { readonly deviceName: string; readonly volumeId: string }[];
  /** When StopInstances last stopped it (shown in the state transition reason while stopped). */
  readonly stoppedAt?: number;
  /** Stopped with an auto-assigned public address: StartInstances assigns a new one (AWS releases it at stop). */
  readonly publicIpOnStart?: boolean;
}

/** What RunInstances and ModifyInstanceAttribute set on an instance. */
export interface InstanceSettings {
  readonly architecture: string;
  readonly rootDeviceName: string;
  /** Base64, as given. */
  readonly userData?: string;
  readonly disableApiTermination: boolean;
  readonly disableApiStop: boolean;
  readonly shutdownBehavior: 'stop' | 'terminate';
  readonly ebsOptimized: boolean;
  readonly monitoring: boolean;
  readonly cpuCredits?: 'standard' | 'unlimited';
  readonly metadata: {
    readonly httpTokens: 'optional' | 'required';
    readonly httpEndpoint: 'enabled' | 'disabled';
    readonly hopLimit: number;
    readonly instanceMetadataTags: 'enabled' | 'disabled';
    readonly httpProtocolIpv6: 'enabled' | 'disabled';
  };
  readonly cpu: { readonly coreCount: number; readonly threadsPerCore: number };
  readonly hostnameType: 'ip-name' | 'resource-name';
  readonly dnsARecord: boolean;
  readonly dnsAaaaRecord: boolean;
  readonly autoRecovery: 'default' | 'disabled';
  readonly capacityReservationPreference: 'open' | 'none';
  readonly hibernation: boolean;
  readonly enclave: boolean;
  readonly tenancy: 'default' | 'dedicated';
  readonly bootMode?: string;
}

/** An EBS volume; vpce makes them only as instance block devices. */
export interface Volume extends Base {
  readonly kind: 'volume';
  readonly availabilityZone: string;
  readonly size: number;
  readonly volumeType: 'standard' | 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1';
  readonly iops?: number;
  readonly throughput?: number;
  readonly encrypted: boolean;
  readonly kmsKeyId?: string;
  readonly snapshotId: string;
  readonly createdAt: number;
  readonly attachment?: { readonly instanceId: string; readonly device: string; readonly attachedAt: number; readonly deleteOnTermination: boolean };
}

export interface PrefixListEntry {
  readonly cidr: string;
  readonly description?: string;
}

export interface ManagedPrefixList extends Base {
  readonly kind: 'managedPrefixList';
  readonly name: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly version: number;
  readonly state: 'create-complete' | 'modify-complete' | 'delete-complete';
  /** Entries of every version, newest last: `GetManagedPrefixListEntries` can ask for an old one. */
  readonly versions: readonly (readonly PrefixListEntry[])[];
}

/** Endpoint states as EC2 reports them (camelCase on the wire). */
export type VpcEndpointState = 'pendingAcceptance' | 'pending' | 'available' | 'deleting' | 'deleted' | 'rejected' | 'failed' | 'expired';

/**
 * A VPC endpoint (consumer side). `state` is the stored base state; `pending` (settling after creation or
 * acceptance) and `deleted` (after `deleting` settles) are derived on read from `stateChangedAt`.
 */
export interface VpcEndpoint extends Base {
  readonly kind: 'vpcEndpoint';
  readonly endpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  readonly vpcId: string;
  readonly serviceName: string;
  /** The service's ID (`vpce-svc-...`), for AWS and custom services alike. */
  readonly serviceId: string;
  /** Owner of the service: `amazon`, or the provider's account for custom services. */
  readonly serviceOwner: string;
  readonly serviceRegion: string;
  readonly state: 'pendingAcceptance' | 'available' | 'rejected' | 'failed' | 'deleting';
  /** When `state` last changed (creation, acceptance, rejection, deletion). */
  readonly stateChangedAt: number;
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly groupIds: readonly string[];
  /** The stored policy text, verbatim; absent for services without policy support. */
  readonly policyDocument?: string;
  readonly privateDnsEnabled: boolean;
  /** The private DNS name the endpoint claims in its VPC while private DNS is on. */
  readonly privateDnsName?: string;
  readonly dnsOptions: { readonly dnsRecordIpType: string; readonly privateDnsOnlyForInboundResolverEndpoint?: boolean };
  readonly ipAddressType: 'ipv4' | 'dualstack' | 'ipv6';
  /** Gateway endpoints: the AWS-managed prefix list their routes point at. */
  readonly prefixListId?: string;
  /** The 8 random characters of the endpoint's DNS names (`vpce-<id>-<dnsSuffix>.<service>...`). */
  readonly dnsSuffix: string;
  readonly createdAt: number;
  readonly clientToken?: string;
}

/** Idempotency record: what a `ClientToken` produced, so a retry returns the same result. */
export interface ClientTokenRecord extends Base {
  readonly kind: 'clientToken';
  readonly operation: string;
  readonly fingerprint: string;
  readonly resultId: string;
}

/** Marks a partition whose defaults (default VPC and its companions) have been made. */
export interface PartitionInfo extends Base {
  readonly kind: 'partitionInfo';
  readonly createdAt: number;
}

/** A load balancer zone: one subnet per Availability Zone, with the node's requester-managed ENI. */
export interface LoadBalancerZone {
  readonly subnetId: string;
  readonly zoneName: string;
  readonly zoneId: string;
  readonly networkInterfaceId: string;
  readonly privateIp: string;
}

/** An Elastic Load Balancing v2 load balancer; its id is its ARN. */
export interface LoadBalancer extends Base {
  readonly kind: 'loadBalancer';
  readonly name: string;
  readonly type: 'network' | 'application' | 'gateway';
  readonly scheme: 'internal' | 'internet-facing';
  readonly vpcId: string;
  readonly zones: readonly LoadBalancerZone[];
  readonly securityGroupIds: readonly string[];
  readonly ipAddressType: 'ipv4' | 'dualstack' | 'dualstack-without-public-ipv4';
  readonly dnsName: string;
  readonly state: 'active' | 'provisioning' | 'failed';
  readonly createdAt: number;
  /** Attributes set by ModifyLoadBalancerAttributes (absent keys keep AWS's defaults). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** NLB: whether inbound SG rules apply to PrivateLink traffic ('on' unless set off). */
  readonly enforceSgOnPrivateLink?: 'on' | 'off';
  /** Dual-stack NLB: whether each subnet gives an IPv6 prefix for source NAT. */
  readonly enablePrefixForIpv6SourceNat?: 'on' | 'off';
}

/** A registered target: an instance ID or an IP address, on a port. */
export interface Target {
  readonly id: string;
  readonly port: number;
  readonly availabilityZone?: string;
}

/** An ELBv2 target group; its id is its ARN. */
export interface TargetGroup extends Base {
  readonly kind: 'targetGroup';
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly vpcId: string;
  readonly targetType: 'instance' | 'ip';
  readonly targets: readonly Target[];
  readonly createdAt: number;
  /** Health check settings as created or modified (absent on records made before they were kept: defaults). */
  readonly healthCheck?: TargetGroupHealthCheck;
  readonly ipAddressType?: 'ipv4' | 'ipv6';
  /** HTTP and HTTPS groups: HTTP1, HTTP2 or GRPC. */
  readonly protocolVersion?: string;
  readonly targetControlPort?: number;
  /** Attributes set by ModifyTargetGroupAttributes (absent keys keep AWS's defaults). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** An ELBv2 target group's health check. */
export interface TargetGroupHealthCheck {
  readonly enabled: boolean;
  readonly protocol: string;
  readonly port: string;
  readonly path?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly matcher?: string;
}

/** An ELBv2 listener; its id is its ARN. Default actions forward to target groups. */
export interface Listener extends Base {
  readonly kind: 'listener';
  readonly loadBalancerArn: string;
  readonly protocol: string;
  readonly port: number;
  readonly targetGroupArns: readonly string[];
  /** The forward action as given: with a plain TargetGroupArn, or a ForwardConfig (weights, stickiness). */
  readonly forward?: ListenerForward;
  /** Attributes set by ModifyListenerAttributes (absent keys keep AWS's defaults). */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly sslPolicy?: string;
  readonly certificateArns?: readonly string[];
  readonly alpnPolicy?: string;
}

/** A listener's forward default action, in the form the caller gave it. */
export interface ListenerForward {
  readonly plainArn: boolean;
  readonly groups: readonly { readonly arn: string; readonly weight?: number }[];
  readonly stickiness?: { readonly enabled: boolean; readonly durationSeconds?: number };
  readonly order?: number;
}

/** A principal allowed to connect to an endpoint service. */
export interface ServicePrincipal {
  readonly principal: string;
  readonly principalType: 'All' | 'Service' | 'OrganizationUnit' | 'Account' | 'User' | 'Role';
  readonly permissionId: string;
}

/** A VPC endpoint service (PrivateLink provider side), in its owner's partition. */
export interface VpcEndpointService extends Base {
  readonly kind: 'vpcEndpointService';
  readonly serviceName: string;
  readonly networkLoadBalancerArns: readonly string[];
  readonly acceptanceRequired: boolean;
  readonly privateDnsName?: string;
  readonly privateDnsState?: 'pendingVerification' | 'verified' | 'failed';
  readonly verificationToken?: string;
  /** Zone IDs of the load balancers' zones (names differ per account; IDs do not). */
  readonly zoneIds: readonly string[];
  readonly allowedPrincipals: readonly ServicePrincipal[];
  /** IP address types consumers may use; absent on records stored before it was kept (then `['ipv4']`). */
  readonly supportedIpAddressTypes?: readonly ('ipv4' | 'ipv6')[];
  readonly state: 'Pending' | 'Available' | 'Deleting' | 'Deleted' | 'Failed';
  readonly createdAt: number;
}

/** A consumer endpoint connected to an endpoint service, as the provider sees it (owner's partition). */
export interface VpcEndpointConnection extends Base {
  readonly kind: 'vpcEndpointConnection';
  /** The consumer's endpoint ID (also `vpcEndpointId`). */
  readonly vpcEndpointId: string;
  readonly serviceId: string;
  readonly endpointOwner: string;
  readonly endpointRegion: string;
  readonly state: 'pendingAcceptance' | 'pending' | 'available' | 'rejected' | 'deleting' | 'deleted' | 'failed' | 'expired';
  readonly dnsEntries: readonly { readonly dnsName: string; readonly hostedZoneId: string }[];
  readonly createdAt: number;
}

/**
 * A connection notification (`vpce-nfn-…`) of an endpoint service or of an interface endpoint, in its owner's
 * partition. Exactly one of `serviceId` and `vpcEndpointId` is set. vpce publishes nothing to the topic.
 */
export interface ConnectionNotification extends Base {
  readonly kind: 'connectionNotification';
  readonly serviceId?: string;
  readonly vpcEndpointId?: string;
  readonly topicArn: string;
  readonly events: readonly string[];
  readonly state: 'Enabled' | 'Disabled';
  readonly createdAt: number;
}

/** Global index: an endpoint service name to where the service lives (id = service name). */
export interface EndpointServiceIndex extends Base {
  readonly kind: 'endpointServiceIndex';
  readonly serviceId: string;
  readonly region: string;
}

/** An inline policy embedded in a user or role: its name and JSON text. */
export interface InlinePolicy {
  readonly name: string;
  readonly document: string;
}

/**
 * IAM users, roles, managed policies and instance profiles live in the account's `iam` partition
 * (`<account>/iam`, see `model/iam-ids.ts`), keyed by `<type>/<lower-case name>`: AWS names are unique per
 * account regardless of case and of path.
 */
export interface IamUser extends Base {
  readonly kind: 'iamUser';
  readonly name: string;
  readonly path: string;
  /** `AIDA…`. */
  readonly userId: string;
  readonly arn: string;
  readonly createdAt: number;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
  /** Ids of the user's access keys (records in the global partition). */
  readonly accessKeyIds: readonly string[];
  /** The managed policy set as the user's permissions boundary. */
  readonly permissionsBoundaryArn?: string;
}

export interface IamRole extends Base {
  readonly kind: 'iamRole';
  readonly name: string;
  readonly path: string;
  /** `AROA…`. */
  readonly roleId: string;
  readonly arn: string;
  readonly createdAt: number;
  /** The trust policy (JSON text as given). */
  readonly trustPolicy: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
  /** The managed policy set as the role's permissions boundary. */
  readonly permissionsBoundaryArn?: string;
}

export interface IamPolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createdAt: number;
}

/** A customer managed policy. */
export interface IamManagedPolicy extends Base {
  readonly kind: 'iamPolicy';
  readonly name: string;
  readonly path: string;
  /** `ANPA…`. */
  readonly policyId: string;
  readonly arn: string;
  readonly description?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly defaultVersionId: string;
  readonly versions: readonly IamPolicyVersion[];
  /** The number of the newest version ever made (AWS never reuses a version id); absent means the newest listed. */
  readonly lastVersion?: number;
}

export interface IamInstanceProfile extends Base {
  readonly kind: 'iamInstanceProfile';
  readonly name: string;
  readonly path: string;
  /** `AIPA…`. */
  readonly instanceProfileId: string;
  readonly arn: string;
  readonly createdAt: number;
  /** AWS: an instance profile holds at most one role. */
  readonly roleName?: string;
}

/** A long-term access key of an IAM user, in the global partition under its id (`AKIA…`). */
export interface AccessKeyRecord extends Base {
  readonly kind: 'accessKey';
  readonly secretAccessKey: string;
  readonly userName: string;
  readonly principalArn: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: number;
}

/** Temporary credentials minted by STS or `vpce exec`, in the global partition under their id (`ASIA…`). */
export interface SessionRecord extends Base {
  readonly kind: 'stsSession';
  readonly secretAccessKey: string;
  /**
   * SHA-256 (hex) of the session token: a token is only ever compared, so the state keeps its digest and a copy
   * of `state.db` yields no usable token. Sessions stored before digests were kept have `sessionToken` instead.
   */
  readonly sessionTokenSha256?: string;
  /** @deprecated the token in clear, on sessions stored by earlier versions only (read, never written). */
  readonly sessionToken?: string;
  /** `arn:aws:sts::A:assumed-role/R/S`, a user's or a root's ARN. */
  readonly principalArn: string;
  /** What GetCallerIdentity reports as UserId (`AROA…:session`, `AIDA…`, or the account id). */
  readonly userId: string;
  /** Epoch ms when STS issued the session (`aws:TokenIssueTime`); absent on sessions stored before it was kept. */
  readonly issuedAt?: number;
  readonly expiresAt: number;
  readonly source?: { readonly account: string; readonly region: string; readonly instanceId: string };
}

export type Resource =
  | PartitionInfo | Vpc | Subnet | RouteTable | InternetGateway | EgressOnlyInternetGateway | NatGateway | Address | VpnGateway | VpcPeeringConnection
  | DhcpOptions
  | SecurityGroup | NetworkAcl | NetworkInterface | Instance | ManagedPrefixList | ClientTokenRecord | Volume
  | LoadBalancer | TargetGroup | Listener | VpcEndpointService | VpcEndpointConnection | EndpointServiceIndex | VpcEndpoint
  | ConnectionNotification
  | IamUser | IamRole | IamManagedPolicy | IamInstanceProfile | AccessKeyRecord | SessionRecord;

export type Kind = Resource['kind'];

export type ResourceOf<K extends Kind> = Extract<Resource, { kind: K }>;
