/**
 * @module What `vpce what-if` applies: a list of EC2 API calls, read from the AWS CLI's JSON input form or from a
 * Terraform plan (`terraform show -json PLAN`), whose resource changes are turned into the calls the provider would
 * make. A change this module cannot turn into a call (an unmodelled resource type, a value known only after apply)
 * is reported as skipped with its reason, never dropped silently.
 */

/** One EC2 call: the operation's wire name and its input as the CLI's JSON form spells it. */
export interface ApiChange {
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Where it came from, for the report: `changes[2]`, or a Terraform address `aws_route.to_s3`. */
  readonly origin: string;
}

export interface SkippedChange {
  readonly origin: string;
  readonly reason: string;
}

export type ChangeSet =
  | { readonly ok: true; readonly changes: readonly ApiChange[]; readonly skipped: readonly SkippedChange[]; readonly format: 'calls' | 'terraform-plan' }
  | { readonly ok: false; readonly error: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `create-route`, `ec2 create-route`, `aws ec2 create-route` or `CreateRoute` → `CreateRoute`. */
export function operationName(text: string): string | undefined {
  const words = text.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && !(words.length === 2 && words[0] === 'ec2') && !(words.length === 3 && words[0] === 'aws' && words[1] === 'ec2')) return undefined;
  if (/^[A-Z][A-Za-z0-9]+$/.test(last)) return last;
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(last)) return last.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return undefined;
}

/**
 * Read a change file: a Terraform plan (`format_version` and `resource_changes`), `{changes: [...]}`, a list of
 * calls, or one call. A call is `{operation|command: "create-route", input: {...}}`.
 */
export function parseChangeSet(value: unknown): ChangeSet {
  if (isObject(value) && 'resource_changes' in value) return fromTerraformPlan(value);
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value['changes']) ? value['changes'] as unknown[] : isObject(value) ? [value] : undefined;
  if (!list) return { ok: false, error: 'the change file must be a Terraform plan (terraform show -json), a list of calls, or one call {"operation": "create-route", "input": {...}}' };
  const changes: ApiChange[] = [];
  for (const [i, item] of list.entries()) {
    const origin = `changes[${i}]`;
    if (!isObject(item)) return { ok: false, error: `${origin} must be an object {"operation": "create-route", "input": {...}}` };
    const name = item['operation'] ?? item['command'];
    if (typeof name !== 'string') return { ok: false, error: `${origin} needs "operation" (an EC2 operation: CreateRoute, or the CLI's create-route)` };
    const operation = operationName(name);
    if (!operation) return { ok: false, error: `${origin}: "${name}" is not an EC2 operation name (CreateRoute, create-route or ec2 create-route)` };
    const input = item['input'] ?? {};
    if (!isObject(input)) return { ok: false, error: `${origin}.input must be an object, as aws ec2 ${name} --generate-cli-skeleton prints it` };
    changes.push({ operation, input, origin });
  }
  return { ok: true, changes, skipped: [], format: 'calls' };
}

/** The calls the Terraform AWS provider makes for a planned create, update or delete of one resource. */
type Translator = (before: Json | undefined, after: Json | undefined) => readonly { operation: string; input: Json }[];

const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const emptyList = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
const nonEmpty = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => !emptyList(v)));
const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => !b.includes(x));

function routeTarget(r: Json): Json {
  return defined({
    RouteTableId: r['route_table_id'], DestinationCidrBlock: r['destination_cidr_block'], DestinationIpv6CidrBlock: r['destination_ipv6_cidr_block'],
    DestinationPrefixListId: r['destination_prefix_list_id'],
  });
}

function routeVia(r: Json): Json {
  return defined({
    GatewayId: r['gateway_id'], NatGatewayId: r['nat_gateway_id'], VpcEndpointId: r['vpc_endpoint_id'], VpcPeeringConnectionId: r['vpc_peering_connection_id'],
    NetworkInterfaceId: r['network_interface_id'], EgressOnlyInternetGatewayId: r['egress_only_gateway_id'], TransitGatewayId: r['transit_gateway_id'],
    CarrierGatewayId: r['carrier_gateway_id'], LocalGatewayId: r['local_gateway_id'], CoreNetworkArn: r['core_network_arn'],
  });
}

function aclEntry(r: Json): Json {
  const from = r['from_port'];
  const to = r['to_port'];
  return defined({
    NetworkAclId: r['network_acl_id'], RuleNumber: r['rule_number'], Egress: r['egress'] === true, Protocol: String(r['protocol'] ?? ''),
    RuleAction: r['rule_action'], CidrBlock: r['cidr_block'], Ipv6CidrBlock: r['ipv6_cidr_block'],
    PortRange: typeof from === 'number' && typeof to === 'number' && !(from === 0 && to === 0) ? { From: from, To: to } : undefined,
    IcmpTypeCode: typeof r['icmp_type'] === 'number' ? { Type: r['icmp_type'], Code: r['icmp_code'] ?? -1 } : undefined,
  });
}

/** `aws_security_group_rule`: one permission on the group. */
function legacySgPermission(r: Json): Json {
  return nonEmpty(defined({
    IpProtocol: r['protocol'], FromPort: r['from_port'], ToPort: r['to_port'],
    IpRanges: strings(r['cidr_blocks']).map((c) => ({ CidrIp: c })), Ipv6Ranges: strings(r['ipv6_cidr_blocks']).map((c) => ({ CidrIpv6: c })),
    PrefixListIds: strings(r['prefix_list_ids']).map((p) => ({ PrefixListId: p })),
    UserIdGroupPairs: str(r['source_security_group_id']) ? [{ GroupId: r['source_security_group_id'] }] : r['self'] === true ? [{ GroupId: r['security_group_id'] }] : undefined,
  }));
}

/** `aws_vpc_security_group_{ingress,egress}_rule`: one rule. */
function sgRule(r: Json): Json {
  const protocol = r['ip_protocol'];
  return defined({
    IpProtocol: protocol, FromPort: protocol === '-1' ? undefined : r['from_port'], ToPort: protocol === '-1' ? undefined : r['to_port'],
    IpRanges: str(r['cidr_ipv4']) ? [{ CidrIp: r['cidr_ipv4'] }] : undefined, Ipv6Ranges: str(r['cidr_ipv6']) ? [{ CidrIpv6: r['cidr_ipv6'] }] : undefined,
    PrefixListIds: str(r['prefix_list_id']) ? [{ PrefixListId: r['prefix_list_id'] }] : undefined,
    UserIdGroupPairs: str(r['referenced_security_group_id']) ? [{ GroupId: r['referenced_security_group_id'] }] : undefined,
  });
}


const TRANSLATORS: Readonly<Record<string, Translator>> = {
  aws_route: (b, a) => [
    ...(b && !a ? [{ operation: 'DeleteRoute', input: routeTarget(b) }] : []),
    ...(a && !b ? [{ operation: 'CreateRoute', input: { ...routeTarget(a), ...routeVia(a) } }] : []),
    ...(a && b ? [{ operation: 'ReplaceRoute', input: { ...routeTarget(a), ...routeVia(a) } }] : []),
  ],
  aws_route_table_association: (b, a) => [
    ...(b ? [{ operation: 'DisassociateRouteTable', input: { AssociationId: b['id'] } }] : []),
    ...(a ? [{ operation: 'AssociateRouteTable', input: defined({ RouteTableId: a['route_table_id'], SubnetId: a['subnet_id'], GatewayId: a['gateway_id'] }) }] : []),
  ],
  aws_vpc_endpoint: (b, a) => {
    if (b && !a) return [{ operation: 'DeleteVpcEndpoints', input: { VpcEndpointIds: [b['id']] } }];
    if (a && !b) {
      return [{ operation: 'CreateVpcEndpoint', input: nonEmpty(defined({
        VpcId: a['vpc_id'], ServiceName: a['service_name'], VpcEndpointType: a['vpc_endpoint_type'], PolicyDocument: a['policy'],
        RouteTableIds: strings(a['route_table_ids']), SubnetIds: strings(a['subnet_ids']), SecurityGroupIds: strings(a['security_group_ids']),
        PrivateDnsEnabled: a['vpc_endpoint_type'] === 'Interface' ? a['private_dns_enabled'] === true : undefined,
      })) }];
    }
    if (!a || !b) return [];
    const diff = (k: string): [string[], string[]] => [minus(strings(a[k]), strings(b[k])), minus(strings(b[k]), strings(a[k]))];
    const [addRt, removeRt] = diff('route_table_ids');
    const [addSubnet, removeSubnet] = diff('subnet_ids');
    const [addSg, removeSg] = diff('security_group_ids');
    return [{ operation: 'ModifyVpcEndpoint', input: nonEmpty(defined({
      VpcEndpointId: b['id'], AddRouteTableIds: addRt, RemoveRouteTableIds: removeRt, AddSubnetIds: addSubnet, RemoveSubnetIds: removeSubnet,
      AddSecurityGroupIds: addSg, RemoveSecurityGroupIds: removeSg, PolicyDocument: a['policy'] !== b['policy'] ? a['policy'] : undefined,
      PrivateDnsEnabled: a['private_dns_enabled'] !== b['private_dns_enabled'] ? a['private_dns_enabled'] : undefined,
    })) }];
  },
  aws_vpc_endpoint_route_table_association: (b, a) => [
    ...(b ? [{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: b['vpc_endpoint_id'], RemoveRouteTableIds: [b['route_table_id']] } }] : []),
    ...(a ? [{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: a['vpc_endpoint_id'], AddRouteTableIds: [a['route_table_id']] } }] : []),
  ],
  aws_vpc_endpoint_subnet_association: (b, a) => [
    ...(b ? [{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: b['vpc_endpoint_id'], RemoveSubnetIds: [b['subnet_id']] } }] : []),
    ...(a ? [{ operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: a['vpc_endpoint_id'], AddSubnetIds: [a['subnet_id']] } }] : []),
  ],
  aws_vpc_endpoint_policy: (b, a) => [
    a ? { operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: a['vpc_endpoint_id'], PolicyDocument: a['policy'] } }
      : { operation: 'ModifyVpcEndpoint', input: { VpcEndpointId: b?.['vpc_endpoint_id'], ResetPolicy: true } },
  ],
  aws_network_acl_rule: (b, a) => [
    ...(b && !a ? [{ operation: 'DeleteNetworkAclEntry', input: defined({ NetworkAclId: b['network_acl_id'], RuleNumber: b['rule_number'], Egress: b['egress'] === true }) }] : []),
    ...(a && !b ? [{ operation: 'CreateNetworkAclEntry', input: aclEntry(a) }] : []),
    ...(a && b ? [{ operation: 'ReplaceNetworkAclEntry', input: aclEntry(a) }] : []),
  ],
  aws_security_group_rule: (b, a) => {
    const verb = (r: Json, add: boolean): string => `${add ? 'Authorize' : 'Revoke'}SecurityGroup${r['type'] === 'egress' ? 'Egress' : 'Ingress'}`;
    return [
      ...(b ? [{ operation: verb(b, false), input: { GroupId: b['security_group_id'], IpPermissions: [legacySgPermission(b)] } }] : []),
      ...(a ? [{ operation: verb(a, true), input: { GroupId: a['security_group_id'], IpPermissions: [legacySgPermission(a)] } }] : []),
    ];
  },
  aws_vpc_security_group_ingress_rule: (b, a) => [
    ...(b ? [{ operation: 'RevokeSecurityGroupIngress', input: { GroupId: b['security_group_id'], SecurityGroupRuleIds: [b['id']] } }] : []),
    ...(a ? [{ operation: 'AuthorizeSecurityGroupIngress', input: { GroupId: a['security_group_id'], IpPermissions: [sgRule(a)] } }] : []),
  ],
  aws_vpc_security_group_egress_rule: (b, a) => [
    ...(b ? [{ operation: 'RevokeSecurityGroupEgress', input: { GroupId: b['security_group_id'], SecurityGroupRuleIds: [b['id']] } }] : []),
    ...(a ? [{ operation: 'AuthorizeSecurityGroupEgress', input: { GroupId: a['security_group_id'], IpPermissions: [sgRule(a)] } }] : []),
  ],
};

/**
 * The attributes each translator reads from `after`: one the plan marks unknown (the id of a resource the same plan
 * creates) makes the call impossible to build before apply. Computed attributes it does not read (`id`, `arn`,
 * DNS entries) do not matter.
 */
const READS: Readonly<Record<string, readonly string[]>> = {
  aws_route: ['route_table_id', 'destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id', 'gateway_id', 'nat_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id', 'network_interface_id', 'egress_only_gateway_id', 'transit_gateway_id'],
  aws_route_table_association: ['route_table_id', 'subnet_id', 'gateway_id'],
  aws_vpc_endpoint: ['vpc_id', 'service_name', 'route_table_ids', 'subnet_ids', 'security_group_ids'],
  aws_vpc_endpoint_route_table_association: ['vpc_endpoint_id', 'route_table_id'],
  aws_vpc_endpoint_subnet_association: ['vpc_endpoint_id', 'subnet_id'],
  aws_vpc_endpoint_policy: ['vpc_endpoint_id', 'policy'],
  aws_network_acl_rule: ['network_acl_id', 'cidr_block', 'ipv6_cidr_block'],
  aws_security_group_rule: ['security_group_id', 'source_security_group_id', 'cidr_blocks', 'prefix_list_ids'],
  aws_vpc_security_group_ingress_rule: ['security_group_id', 'referenced_security_group_id', 'prefix_list_id', 'cidr_ipv4'],
  aws_vpc_security_group_egress_rule: ['security_group_id', 'referenced_security_group_id', 'prefix_list_id', 'cidr_ipv4'],
};

/** The resource types what-if can apply from a plan. */
export const PLAN_RESOURCE_TYPES: readonly string[] = Object.keys(TRANSLATORS);

/** Attributes of `after` the plan marks unknown until apply (ids of resources the same plan creates). */
function unknownKeys(change: Json): string[] {
  const u = change['after_unknown'];
  return isObject(u) ? Object.entries(u).filter(([, v]) => v === true || (Array.isArray(v) && v.includes(true))).map(([k]) => k) : [];
}

function fromTerraformPlan(plan: Json): ChangeSet {
  const rcs = plan['resource_changes'];
  if (!Array.isArray(rcs)) return { ok: false, error: 'resource_changes of the Terraform plan must be a list' };
  const changes: ApiChange[] = [];
  const skipped: SkippedChange[] = [];
  for (const rc of rcs) {
    if (!isObject(rc) || !isObject(rc['change'])) continue;
    const origin = typeof rc['address'] === 'string' ? rc['address'] : String(rc['type']);
    const change = rc['change'];
    const actions = strings(change['actions']);
    if (actions.length === 0 || actions.every((a) => a === 'no-op' || a === 'read')) continue;
    if (rc['mode'] === 'data') continue;
    const translate = TRANSLATORS[String(rc['type'])];
    if (!translate) { skipped.push({ origin, reason: `what-if does not apply ${String(rc['type'])} (it applies ${PLAN_RESOURCE_TYPES.join(', ')})` }); continue; }
    const before = isObject(change['before']) ? change['before'] : undefined;
    const after = isObject(change['after']) ? change['after'] : undefined;
    const creates = actions.includes('create') || actions.includes('update');
    const reads = READS[String(rc['type'])] ?? [];
    const unknown = creates ? unknownKeys(change).filter((k) => reads.includes(k)) : [];
    if (unknown.length > 0) { skipped.push({ origin, reason: `depends on ${unknown.join(', ')}, known only after apply (a resource the same plan creates)` }); continue; }
    const b = actions.includes('delete') ? before : actions.includes('update') ? before : undefined;
    const a = actions.includes('create') || actions.includes('update') ? after : undefined;
    // A replacement is its delete and its create; an update is one modify call from before to after.
    const calls = actions.includes('update') ? translate(before, after) : [...(b ? translate(b, undefined) : []), ...(a ? translate(undefined, a) : [])];
    for (const c of calls) changes.push({ operation: c.operation, input: c.input, origin });
  }
  return { ok: true, changes, skipped, format: 'terraform-plan' };
}
