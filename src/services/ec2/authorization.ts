/**
 * @module Which resources an EC2 call is authorized on, as AWS does it per the Service Authorization Reference
 * ("Actions, resources, and condition keys for Amazon EC2", `specs/ec2-authorization.json`): one question per
 * resource the request names (its ARN, tags and the condition keys the reference lists for that type), one per
 * resource being created (`<type>/*`, with the request's tags), and `*` for actions without resource types
 * (every Describe but a few). The caller must be allowed on every one of them. Pure: reads the model through
 * the view it is given, by id.
 */
import { awsPrefixListById } from '../../model/aws-prefix-lists.js';
import type { Kind, Resource } from '../../model/resources.js';
import { imageFor } from '../../model/image-catalog.js';
import { settingsOf } from '../../model/instance-settings.js';
import { findAssociation } from '../../model/route-table.js';
import { defaultVpcId, groupByName } from '../../model/security-group.js';
import type { ReadView } from '../../model/world.js';
import { ID_PREFIX } from '../../shared/ids.js';
import { ec2Authorization } from '../../specs/ec2-authorization.js';
import { ContextBuilder, operationCompiler, records, str, strings, type CompiledOperation, type Context } from '../authorization-questions.js';
import type { AccessQuery } from '../call.js';

/** Where the call is made: the caller's account and the Region it signed for. */
export interface AuthorizationScope {
  readonly account: string;
  readonly region: string;
}

/** The model as authorization reads it; asked for only when the action has resource types. */
export interface AuthorizationWorld {
  /** The caller's partition (account and Region). */
  local(): ReadView;
  /** The global partition (peering connections). */
  global(): ReadView;
}

/** How vpce finds a reference type's resources: the model kind and the id prefix. */
interface TypeModel {
  readonly kind?: Kind;
  readonly prefix: string;
  /** The `ec2:<Type>ID` key the reference lists for the type. */
  readonly idKey?: string;
}

const TYPE_MODELS: Readonly<Record<string, TypeModel>> = {
  'vpc': { kind: 'vpc', prefix: ID_PREFIX.vpc, idKey: 'ec2:VpcID' },
  'subnet': { kind: 'subnet', prefix: ID_PREFIX.subnet, idKey: 'ec2:SubnetID' },
  'route-table': { kind: 'routeTable', prefix: ID_PREFIX.routeTable, idKey: 'ec2:RouteTableID' },
  'security-group': { kind: 'securityGroup', prefix: ID_PREFIX.securityGroup, idKey: 'ec2:SecurityGroupID' },
  'security-group-rule': { prefix: ID_PREFIX.securityGroupRule },
  'internet-gateway': { kind: 'internetGateway', prefix: ID_PREFIX.internetGateway, idKey: 'ec2:InternetGatewayID' },
  'egress-only-internet-gateway': { kind: 'egressOnlyInternetGateway', prefix: ID_PREFIX.egressOnlyInternetGateway },
  'vpn-gateway': { kind: 'vpnGateway', prefix: ID_PREFIX.vpnGateway },
  'natgateway': { kind: 'natGateway', prefix: ID_PREFIX.natGateway },
  'elastic-ip': { kind: 'address', prefix: ID_PREFIX.address, idKey: 'ec2:AllocationId' },
  'vpc-peering-connection': { kind: 'vpcPeeringConnection', prefix: ID_PREFIX.peering, idKey: 'ec2:VpcPeeringConnectionID' },
  'network-acl': { kind: 'networkAcl', prefix: ID_PREFIX.networkAcl, idKey: 'ec2:NetworkAclID' },
  'network-interface': { kind: 'networkInterface', prefix: ID_PREFIX.networkInterface, idKey: 'ec2:NetworkInterfaceID' },
  'instance': { kind: 'instance', prefix: ID_PREFIX.instance, idKey: 'ec2:InstanceID' },
  'prefix-list': { kind: 'managedPrefixList', prefix: ID_PREFIX.prefixList },
  'vpc-endpoint': { kind: 'vpcEndpoint', prefix: ID_PREFIX.vpcEndpoint },
  'vpc-endpoint-service': { kind: 'vpcEndpointService', prefix: ID_PREFIX.vpcEndpointService },
  'image': { prefix: 'ami', idKey: 'ec2:ImageID' },
  'dhcp-options': { kind: 'dhcpOptions', prefix: ID_PREFIX.dhcpOptions, idKey: 'ec2:DhcpOptionsID' },
  'volume': { kind: 'volume', prefix: ID_PREFIX.volume, idKey: 'ec2:VolumeID' },
};

/** CreateTags / DeleteTags name resources by id alone: the prefix tells the type. */
const TYPE_BY_PREFIX: ReadonlyMap<string, string> = new Map(Object.entries(TYPE_MODELS).map(([type, m]) => [m.prefix, type]));

/** Input members that name resources, by the reference type they name (used only if the action lists the type). */
const MEMBER_TYPES: Readonly<Record<string, string>> = {
  VpcId: 'vpc',
  SubnetId: 'subnet', SubnetIds: 'subnet', AddSubnetIds: 'subnet', RemoveSubnetIds: 'subnet',
  GroupId: 'security-group', SecurityGroupIds: 'security-group', AddSecurityGroupIds: 'security-group',
  RemoveSecurityGroupIds: 'security-group', Groups: 'security-group',
  RouteTableId: 'route-table', RouteTableIds: 'route-table', AddRouteTableIds: 'route-table', RemoveRouteTableIds: 'route-table',
  VpcEndpointId: 'vpc-endpoint', VpcEndpointIds: 'vpc-endpoint',
  ServiceId: 'vpc-endpoint-service', ServiceIds: 'vpc-endpoint-service',
  InternetGatewayId: 'internet-gateway', EgressOnlyInternetGatewayId: 'egress-only-internet-gateway', EgressOnlyInternetGatewayIds: 'egress-only-internet-gateway', VpnGatewayId: 'vpn-gateway', NetworkAclId: 'network-acl',
  NetworkInterfaceId: 'network-interface', NatGatewayId: 'natgateway', PrefixListId: 'prefix-list',
  VpcPeeringConnectionId: 'vpc-peering-connection', AllocationId: 'elastic-ip', SecondaryAllocationIds: 'elastic-ip',
  InstanceIds: 'instance', ImageId: 'image',
  DhcpOptionsId: 'dhcp-options',
  InstanceId: 'instance',
};

const MEMBER_ENTRIES = Object.entries(MEMBER_TYPES);

/** Structure lists whose members name resources the action uses (not `IpPermissions`: its groups are rule peers). */
const NESTED_MEMBERS = ['SubnetConfigurations', 'NetworkInterfaces'] as const;

const TAGGING = new Set(['CreateTags', 'DeleteTags']);

// Built on first use: the authorization spec is read when the first EC2 request is authorized, not at start-up.
let compiledOperations: ((operation: string) => CompiledOperation | undefined) | undefined;
const operationOf = (operation: string): CompiledOperation | undefined => (compiledOperations ??= operationCompiler(ec2Authorization.operations))(operation);

/** An ARN template split once: literal text, then each `${Region}`, `${Account}` and the trailing id variable. */
type ArnParts = readonly (string | { readonly slot: 'region' | 'account' | 'id' })[];
let arnTemplates: Map<string, ArnParts> | undefined;
const ARN_TEMPLATES = (): Map<string, ArnParts> =>
  arnTemplates ??= new Map(Object.entries(ec2Authorization.resourceTypes).map(([k, v]) => [k, splitTemplate(v.replace('${Partition}', 'aws'))]));

/** The template's parts: the first `${Region}` and `${Account}`, and a variable that ends it (the id), as slots. */
function splitTemplate(template: string): ArnParts {
  const parts: (string | { readonly slot: 'region' | 'account' | 'id' })[] = [];
  let rest = template;
  const idVar = /\$\{[A-Za-z0-9]+\}$/.exec(rest);
  const tail = idVar ? rest.slice(idVar.index) : '';
  if (idVar) rest = rest.slice(0, idVar.index);
  for (const [name, slot] of [['${Region}', 'region'], ['${Account}', 'account']] as const) {
    const at = rest.indexOf(name);
    if (at < 0) continue;
    parts.push(rest.slice(0, at), { slot });
    rest = rest.slice(at + name.length);
  }
  parts.push(rest);
  if (tail !== '') parts.push({ slot: 'id' });
  return parts;
}

/** The ARN of a resource from the reference's template: `arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0abc`. */
export function ec2Arn(type: string, region: string, account: string, id: string): string {
  const parts = ARN_TEMPLATES().get(type) ?? splitTemplate(`arn:aws:ec2:\${Region}:\${Account}:${type}/\${Id}`);
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : p.slot === 'region' ? region : p.slot === 'account' ? account : id;
  return out;
}

/** A resource found in the model, with where its ARN places it. */
interface Found {
  readonly region: string;
  readonly account: string;
  readonly record?: Resource;
}

class Resolver {
  private localView: ReadView | undefined;
  constructor(readonly scope: AuthorizationScope, private readonly world: AuthorizationWorld) {}

  get local(): ReadView {
    return (this.localView ??= this.world.local());
  }

  /** The resource `id` of reference type `type`, or where AWS would place it if it does not exist. */
  find(type: string, id: string): Found {
    const { account, region } = this.scope;
    const model = TYPE_MODELS[type];
    if (model?.kind === 'vpcPeeringConnection') {
      const pcx = this.world.global().get('vpcPeeringConnection', id);
      // Only a side of the connection sees it; to anyone else it does not exist.
      if (pcx && (pcx.requester.ownerId === account || pcx.accepter.ownerId === account)) {
        return { region: pcx.requester.region, account: pcx.ownerId, record: pcx };
      }
      return { region, account };
    }
    if (model?.kind === 'managedPrefixList') {
      const own = this.local.get('managedPrefixList', id);
      if (own) return { region, account: own.ownerId, record: own };
      // AWS: the managed lists of AWS services are owned by `aws` (their ARN says so).
      const aws = awsPrefixListById(id);
      return aws && aws.region === region ? { region, account: 'aws' } : { region, account };
    }
    if (model?.kind) {
      const r = this.local.get(model.kind, id);
      if (r) return { region, account: r.ownerId, record: r };
    }
    return { region, account };
  }

  /** A security group named by `GroupName`: AWS looks names up in the default VPC only. */
  groupIdByName(name: string): string | undefined {
    let vpcId: string;
    try { vpcId = defaultVpcId(this.local); } catch { return undefined; }
    return groupByName(this.local, vpcId, name)?.id;
  }
}

/** Condition keys of an existing resource: its tags, its VPC and subnet, and the id-style keys. */
function resourceContext(c: ContextBuilder, type: string, id: string, found: Found): void {
  const model = TYPE_MODELS[type];
  if (model?.idKey) c.put(model.idKey, id);
  if (type === 'image' && /^ami-[0-9a-f]+$/.test(id)) {
    // AWS: ec2:Owner is `amazon` for Amazon's images, else the owner's account id.
    const img = imageFor(found.region, found.account, id);
    c.put('ec2:Owner', img.ownerAlias ?? img.ownerId); c.put('ec2:Public', String(img.public));
    c.put('ec2:ImageType', 'machine'); c.put('ec2:RootDeviceType', 'ebs');
  }
  const r = found.record;
  if (!r) return;
  c.tags(['aws:ResourceTag', 'ec2:ResourceTag'], r.tags);
  if ('vpcId' in r && typeof r.vpcId === 'string') c.put('ec2:Vpc', ec2Arn('vpc', found.region, found.account, r.vpcId));
  if ('subnetId' in r && typeof r.subnetId === 'string') c.put('ec2:Subnet', ec2Arn('subnet', found.region, found.account, r.subnetId));
  switch (r.kind) {
    case 'vpc': c.put('ec2:Tenancy', r.instanceTenancy); break;
    case 'subnet': c.put('ec2:AvailabilityZone', r.availabilityZone); c.put('ec2:AvailabilityZoneId', r.availabilityZoneId); break;
    case 'networkInterface': c.put('ec2:AvailabilityZone', r.availabilityZone); break;
    case 'instance': {
      c.put('ec2:AvailabilityZone', r.availabilityZone); c.put('ec2:InstanceType', r.instanceType);
      const s = settingsOf(r);
      c.put('ec2:Tenancy', s.tenancy); c.put('ec2:EbsOptimized', String(s.ebsOptimized)); c.put('ec2:RootDeviceType', 'ebs');
      c.put('ec2:MetadataHttpTokens', s.metadata.httpTokens); c.put('ec2:MetadataHttpEndpoint', s.metadata.httpEndpoint);
      c.put('ec2:MetadataHttpPutResponseHopLimit', String(s.metadata.hopLimit)); c.put('ec2:InstanceMetadataTags', s.metadata.instanceMetadataTags);
      c.put('ec2:InstanceProfile', r.iamInstanceProfileArn);
      break;
    }
    case 'volume':
      c.put('ec2:AvailabilityZone', r.availabilityZone); c.put('ec2:Encrypted', String(r.encrypted)); c.put('ec2:VolumeSize', String(r.size));
      c.put('ec2:VolumeType', r.volumeType); c.put('ec2:VolumeIops', r.iops !== undefined ? String(r.iops) : undefined);
      c.put('ec2:VolumeThroughput', r.throughput !== undefined ? String(r.throughput) : undefined);
      c.put('ec2:ParentSnapshot', r.snapshotId !== '' ? ec2Arn('snapshot', found.region, '', r.snapshotId) : undefined);
      break;
    case 'address': c.put('ec2:Domain', r.domain); c.put('ec2:PublicIpAddress', r.publicIp); break;
    case 'vpcPeeringConnection':
      c.put('ec2:RequesterVpc', ec2Arn('vpc', r.requester.region, r.requester.ownerId, r.requester.vpcId));
      c.put('ec2:AccepterVpc', ec2Arn('vpc', r.accepter.region, r.accepter.ownerId, r.accepter.vpcId));
      break;
    case 'vpcEndpoint':
      c.put('ec2:VpceServiceName', r.serviceName); c.put('ec2:VpceServiceOwner', r.serviceOwner); c.put('ec2:VpceServiceRegion', r.serviceRegion);
      break;
    default: break;
  }
}

/** The tags a request puts on a resource type (`TagSpecifications` with that `ResourceType`). */
function requestTags(input: Record<string, unknown>, type: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const spec of records(input['TagSpecifications'])) {
    if (spec['ResourceType'] !== type) continue;
    for (const t of records(spec['Tags'])) out.push({ key: typeof t['Key'] === 'string' ? t['Key'] : '', value: typeof t['Value'] === 'string' ? t['Value'] : '' });
  }
  return out;
}

function putRequestTags(c: ContextBuilder, tags: readonly { readonly key: string; readonly value: string }[]): void {
  if (tags.length === 0) return;
  c.tags(['aws:RequestTag'], tags);
  c.put('aws:TagKeys', tags.map((t) => t.key));
}

/** The ids a request names, per reference type the action lists, in the order named. */
class Named {
  readonly ids = new Map<string, string[]>();
  constructor(private readonly op: CompiledOperation) {}
  add(type: string, id: string | undefined): void {
    if (id === undefined || !this.op.byName.has(type)) return;
    const list = this.ids.get(type);
    if (!list) this.ids.set(type, [id]);
    else if (!list.includes(id)) list.push(id);
  }
  /** Only when no member named the type (an association names what the request did not). */
  addImplied(type: string, id: string | undefined): void {
    if (!this.ids.has(type)) this.add(type, id);
  }
}

/** A gateway id names an internet gateway or a virtual private gateway, by prefix. */
function gatewayType(id: string): string | undefined {
  if (id.startsWith(`${ID_PREFIX.internetGateway}-`)) return 'internet-gateway';
  if (id.startsWith(`${ID_PREFIX.vpnGateway}-`)) return 'vpn-gateway';
  return undefined;
}

function collectNamed(operation: string, op: CompiledOperation, input: Record<string, unknown>, res: Resolver): Named {
  const named = new Named(op);
  const fromMembers = (obj: Record<string, unknown>): void => {
    for (const [member, type] of MEMBER_ENTRIES) {
      if (obj[member] === undefined) continue;
      for (const id of strings(obj[member])) named.add(type, id);
    }
    const gateway = str(obj['GatewayId']);
    if (gateway) { const t = gatewayType(gateway); if (t) named.add(t, gateway); }
  };
  fromMembers(input);
  for (const m of NESTED_MEMBERS) for (const item of records(input[m])) fromMembers(item);
  // GroupName names the target group only where the action does not create one (CreateSecurityGroup names the new group).
  const sg = op.byName.get('security-group');
  if (sg && !sg.spec.created) {
    // AWS: when both GroupId and GroupName are given, the id wins.
    const names = [...(str(input['GroupId']) ? [] : strings(input['GroupName'])), ...strings(input['SecurityGroups'])];
    for (const name of names) named.add('security-group', res.groupIdByName(name));
  }
  const association = str(input['AssociationId']);
  if (association) impliedByAssociation(named, association, res);
  const nested = input['Attachment'];
  const attachment = str(input['AttachmentId']) ?? (typeof nested === 'object' && nested !== null ? str((nested as Record<string, unknown>)['AttachmentId']) : undefined);
  if (attachment) impliedByInterfaceAttachment(named, attachment, res);
  if (operation === 'AcceptVpcPeeringConnection') {
    // AWS: accepting is authorized on the accepter's VPC as well as on the connection.
    const id = str(input['VpcPeeringConnectionId']);
    const pcx = id ? res.find('vpc-peering-connection', id).record : undefined;
    if (pcx?.kind === 'vpcPeeringConnection') named.add('vpc', pcx.accepter.vpcId);
  }
  return named;
}

/** An association id stands for what it associates: a route table and its subnet or gateway, a network ACL and its subnet, a VPC. */
function impliedByAssociation(named: Named, id: string, res: Resolver): void {
  if (id.startsWith(`${ID_PREFIX.routeTableAssociation}-`)) {
    const found = findAssociation(res.local, id);
    if (!found) return;
    named.addImplied('route-table', found.rt.id);
    named.addImplied('subnet', found.assoc.subnetId);
    const gw = found.assoc.gatewayId;
    if (gw) { const t = gatewayType(gw); if (t) named.addImplied(t, gw); }
  } else if (id.startsWith(`${ID_PREFIX.networkAclAssociation}-`)) {
    for (const acl of res.local.list('networkAcl')) {
      const a = acl.associations.find((x) => x.associationId === id);
      if (a) { named.addImplied('network-acl', acl.id); named.addImplied('subnet', a.subnetId); return; }
    }
  } else if (id.startsWith(`${ID_PREFIX.addressAssociation}-`)) {
    for (const a of res.local.list('address')) {
      if (a.associationId !== id) continue;
      named.addImplied('elastic-ip', a.id);
      named.addImplied('network-interface', a.networkInterfaceId);
      return;
    }
  } else if (id.startsWith(`${ID_PREFIX.vpcCidrAssociation}-`)) {
    for (const vpc of res.local.list('vpc')) {
      if (vpc.cidrAssociations.some((a) => a.associationId === id) || vpc.ipv6Associations.some((a) => a.associationId === id)) { named.addImplied('vpc', vpc.id); return; }
    }
  } else if (id.startsWith(`${ID_PREFIX.subnetCidrAssociation}-`)) {
    for (const s of res.local.list('subnet')) {
      if (s.ipv6Associations.some((a) => a.associationId === id)) { named.addImplied('subnet', s.id); return; }
    }
  }
}

/** An interface attachment stands for its interface and its instance (DetachNetworkInterface). */
function impliedByInterfaceAttachment(named: Named, id: string, res: Resolver): void {
  for (const e of res.local.list('networkInterface')) {
    if (e.attachment?.attachmentId !== id) continue;
    named.addImplied('network-interface', e.id);
    named.addImplied('instance', e.attachment.instanceId);
    return;
  }
}

/** Keys describing the resource being created that the request itself states. */
function createdContext(c: ContextBuilder, type: string, input: Record<string, unknown>, res: Resolver, named: Named): void {
  const { region, account } = res.scope;
  putRequestTags(c, requestTags(input, type));
  const subnetId = named.ids.get('subnet')?.[0];
  const subnet = subnetId ? res.find('subnet', subnetId) : undefined;
  if (subnetId && subnet) c.put('ec2:Subnet', ec2Arn('subnet', subnet.region, subnet.account, subnetId));
  const vpcId = str(input['VpcId']) ?? (subnet?.record?.kind === 'subnet' ? subnet.record.vpcId : undefined);
  if (vpcId) c.put('ec2:Vpc', ec2Arn('vpc', region, subnet?.account ?? account, vpcId));
  const instanceType = str(input['InstanceType']);
  if (instanceType) c.put('ec2:InstanceType', instanceType);
  if (type === 'vpc-peering-connection') {
    const requester = str(input['VpcId']);
    const accepter = str(input['PeerVpcId']);
    if (requester) c.put('ec2:RequesterVpc', ec2Arn('vpc', region, account, requester));
    if (accepter) c.put('ec2:AccepterVpc', ec2Arn('vpc', str(input['PeerRegion']) ?? region, str(input['PeerOwnerId']) ?? account, accepter));
  }
  if (type === 'vpc-endpoint') {
    const service = str(input['ServiceName']);
    if (service) c.put('ec2:VpceServiceName', service);
    c.put('ec2:VpceServiceRegion', str(input['ServiceRegion']) ?? region);
  }
}

const regionContexts = new Map<string, Context>();

/** `{ 'ec2:Region': region }`, one object per Region: the Describe path allocates nothing. */
function regionOnly(region: string): Context {
  let c = regionContexts.get(region);
  if (!c) { c = Object.freeze({ 'ec2:Region': region }) as Context; regionContexts.set(region, c); }
  return c;
}

/**
 * The authorization questions for one EC2 call, in order; the caller must be allowed on each. `resourceAccount`
 * is the caller's account: EC2 has no resource-based policies, and cross-account use of a resource (accepting a
 * peering connection) is granted by EC2 itself, so only the caller's identity policies decide.
 */
export function ec2AccessQueries(operation: string, input: Record<string, unknown>, scope: AuthorizationScope, world: AuthorizationWorld): AccessQuery[] {
  const action = `ec2:${operation}`;
  const op = operationOf(operation);
  // AWS: actions with no resource types in the reference (every Describe but a few) are authorized on `*`.
  if (!op || op.types.length === 0) return [{ action, resource: '*', resourceAccount: scope.account, context: regionOnly(scope.region) }];
  const res = new Resolver(scope, world);
  const queries: AccessQuery[] = [];
  const ask = (resource: string, c: ContextBuilder, as = action): void => {
    c.put('ec2:Region', scope.region);
    queries.push({ action: as, resource, resourceAccount: scope.account, context: c.values });
  };
  if (TAGGING.has(operation)) {
    tagQueries(operation, op, input, res, ask);
  } else {
    const named = collectNamed(operation, op, input, res);
    const creating: { type: string; arn: string; tags: { key: string; value: string }[] }[] = [];
    for (const t of op.types) {
      const type = t.spec.name;
      const ids = named.ids.get(type);
      if (ids) {
        for (const id of ids) {
          const found = res.find(type, id);
          const c = new ContextBuilder(t.keys);
          resourceContext(c, type, id, found);
          ask(ec2Arn(type, found.region, found.account, id), c);
        }
        continue;
      }
      const tags = t.spec.created ? requestTags(input, type) : [];
      // AWS: an optional type being created (a rule, a volume) takes part only when the request tags it.
      if (!t.spec.required && tags.length === 0) continue;
      const arn = ec2Arn(type, scope.region, scope.account, '*');
      const c = new ContextBuilder(t.keys);
      if (t.spec.created) createdContext(c, type, input, res, named);
      ask(arn, c);
      if (tags.length > 0) creating.push({ type, arn, tags });
    }
    createOnTagQueries(operation, creating, ask);
  }
  if (queries.length === 0) return [{ action, resource: '*', resourceAccount: scope.account, context: regionOnly(scope.region) }];
  return queries;
}

/**
 * AWS ("Grant permission to tag Amazon EC2 resources during creation"): when a create action is given tags, EC2
 * also authorizes `ec2:CreateTags` on the resource being created, with `ec2:CreateAction` naming the action.
 */
function createOnTagQueries(operation: string, creating: readonly { type: string; arn: string; tags: { key: string; value: string }[] }[],
  ask: (resource: string, c: ContextBuilder, action?: string) => void): void {
  if (creating.length === 0) return;
  const tagOp = operationOf('CreateTags');
  if (!tagOp) return;
  for (const { type, arn, tags } of creating) {
    const c = new ContextBuilder(tagOp.byName.get(type)?.keys ?? tagOp.actionKeys);
    putRequestTags(c, tags);
    c.put('ec2:CreateAction', operation);
    ask(arn, c, 'ec2:CreateTags');
  }
}

/** CreateTags / DeleteTags: each resource by its id's type, with the tags being set or removed and its own. */
function tagQueries(operation: string, op: CompiledOperation, input: Record<string, unknown>, res: Resolver,
  ask: (resource: string, c: ContextBuilder) => void): void {
  const tags = records(input['Tags']).map((t) => ({ key: typeof t['Key'] === 'string' ? t['Key'] : '', value: typeof t['Value'] === 'string' ? t['Value'] : undefined }));
  const withValues = tags.flatMap((t) => (t.value === undefined && operation === 'DeleteTags' ? [] : [{ key: t.key, value: t.value ?? '' }]));
  const seen = new Set<string>();
  for (const id of strings(input['Resources'])) {
    if (seen.has(id)) continue;
    seen.add(id);
    const dash = id.lastIndexOf('-');
    const type = dash > 0 ? TYPE_BY_PREFIX.get(id.slice(0, dash)) : undefined;
    const t = type ? op.byName.get(type) : undefined;
    // An id of no type vpce knows is refused by the handler (InvalidID); there is nothing to authorize it on.
    if (!type || !t) continue;
    const found = res.find(type, id);
    const c = new ContextBuilder(t.keys);
    resourceContext(c, type, id, found);
    c.tags(['aws:RequestTag'], withValues);
    if (tags.length > 0) c.put('aws:TagKeys', tags.map((x) => x.key));
    ask(ec2Arn(type, found.region, found.account, id), c);
  }
}
