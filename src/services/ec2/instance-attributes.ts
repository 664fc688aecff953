/**
 * @module Instance attributes and options: DescribeInstanceAttribute, ModifyInstanceAttribute,
 * ModifyInstanceMetadataOptions, GetInstanceMetadataDefaults, DescribeInstanceCreditSpecifications,
 * ModifyInstanceCreditSpecification, DescribeInstanceStatus, MonitorInstances, UnmonitorInstances, and DescribeKeyPairs
 * (vpce keeps no key pairs).
 */
import { ec2Errors } from '../../errors/ec2.js';
import { modifyCreditSpecifications, modifyInstanceAttribute, modifyMetadataOptions, setDetailedMonitoring, type AttributeChange } from '../../model/instance-lifecycle.js';
import { STATE_CODES } from '../../model/instance.js';
import { settingsOf } from '../../model/instance-settings.js';
import { mustGet } from '../../model/lookup.js';
import type { Instance } from '../../model/resources.js';
import type { ReadView } from '../../model/world.js';
import type { WInstanceAttribute, WInstanceStatus, WModifyInstanceAttributeRequest } from '../../specs/ec2-types.js';
import type { HandlerTable } from './context.js';
import { checkMaxResults, describe } from './describe.js';
import { compileFilters, type FilterTable } from './filters.js';
import { blockDeviceMappings, sourceDestCheckOf, state } from './instances.js';
import { groupIdentifiers } from './network-interfaces.js';

const BOOLEAN_ATTRIBUTES = new Set(['disableApiTermination', 'disableApiStop', 'ebsOptimized', 'sourceDestCheck']);

function parseBoolean(attribute: string, value: string | undefined): boolean {
  const v = (value ?? '').toLowerCase();
  if (v !== 'true' && v !== 'false') throw ec2Errors.invalidParameterValue(`Value (${value ?? ''}) for parameter ${attribute} is invalid. Expected a boolean.`);
  return v === 'true';
}

/** The one attribute change a request names. AWS: a request changes exactly one attribute. */
function attributeChange(input: WModifyInstanceAttributeRequest): AttributeChange {
  const found: AttributeChange[] = [];
  const names: string[] = [];
  const add = (name: string, change: AttributeChange | undefined): void => { names.push(name); if (change) found.push(change); };
  if (input.Attribute !== undefined) {
    const a = input.Attribute;
    if (BOOLEAN_ATTRIBUTES.has(a)) {
      add(a, { attribute: a as 'disableApiTermination', value: parseBoolean(a, input.Value) });
    } else if (a === 'instanceType' || a === 'userData' || a === 'instanceInitiatedShutdownBehavior') {
      if (input.Value === undefined) throw ec2Errors.missingParameter('Value');
      add(a, { attribute: a, value: input.Value });
    } else {
      add(a, undefined);
    }
  }
  if (input.SourceDestCheck) add('sourceDestCheck', { attribute: 'sourceDestCheck', value: input.SourceDestCheck.Value ?? true });
  if (input.DisableApiStop) add('disableApiStop', { attribute: 'disableApiStop', value: input.DisableApiStop.Value ?? false });
  if (input.DisableApiTermination) add('disableApiTermination', { attribute: 'disableApiTermination', value: input.DisableApiTermination.Value ?? false });
  if (input.EbsOptimized) add('ebsOptimized', { attribute: 'ebsOptimized', value: input.EbsOptimized.Value ?? false });
  if (input.InstanceType) add('instanceType', { attribute: 'instanceType', value: input.InstanceType.Value ?? '' });
  if (input.UserData) add('userData', { attribute: 'userData', value: input.UserData.Value ?? '' });
  if (input.InstanceInitiatedShutdownBehavior) add('instanceInitiatedShutdownBehavior', { attribute: 'instanceInitiatedShutdownBehavior', value: input.InstanceInitiatedShutdownBehavior.Value ?? '' });
  if (input.Groups && input.Groups.length > 0) add('groupSet', { attribute: 'groupSet', value: input.Groups });
  if (input.BlockDeviceMappings && input.BlockDeviceMappings.length > 0) {
    add('blockDeviceMapping', {
      attribute: 'blockDeviceMapping',
      value: input.BlockDeviceMappings.map((m) => {
        if (m.DeviceName === undefined || m.DeviceName === '') throw ec2Errors.missingParameter('BlockDeviceMapping.DeviceName');
        if (m.NoDevice !== undefined || m.VirtualName !== undefined) throw ec2Errors.invalidParameterCombination('Only the DeleteOnTermination flag of an attached EBS volume can be modified.');
        return { deviceName: m.DeviceName, deleteOnTermination: m.Ebs?.DeleteOnTermination, volumeId: m.Ebs?.VolumeId };
      }),
    });
  }
  if (input.Kernel) add('kernel', undefined);
  if (input.Ramdisk) add('ramdisk', undefined);
  if (input.SriovNetSupport) add('sriovNetSupport', undefined);
  if (input.EnaSupport) add('enaSupport', undefined);
  const distinct = [...new Set(names)];
  if (distinct.length === 0) throw ec2Errors.missingParameter('Attribute');
  if (distinct.length > 1) throw ec2Errors.invalidParameterCombination(`Fields for multiple attribute types specified: ${distinct.join(', ')}`);
  const only = distinct[0]!;
  const change = found[0];
  if (!change) {
    // AWS: kernel and RAM disk apply to paravirtual instances, and vpce's are all HVM; the rest are read-only here.
    if (only === 'kernel' || only === 'ramdisk') throw ec2Errors.custom('UnsupportedOperation', `The ${only} attribute applies only to paravirtual instances.`);
    throw ec2Errors.custom('UnsupportedOperation', `The ${only} attribute cannot be modified for this instance.`);
  }
  return change;
}

function attributeToWire(view: ReadView, inst: Instance, attribute: string): WInstanceAttribute {
  const s = settingsOf(inst);
  const base = { InstanceId: inst.id };
  switch (attribute) {
    case 'instanceType': return { ...base, InstanceType: { Value: inst.instanceType } };
    case 'kernel': return { ...base, KernelId: {} };
    case 'ramdisk': return { ...base, RamdiskId: {} };
    case 'userData': return { ...base, UserData: s.userData !== undefined ? { Value: s.userData } : {} };
    case 'disableApiTermination': return { ...base, DisableApiTermination: { Value: s.disableApiTermination } };
    case 'disableApiStop': return { ...base, DisableApiStop: { Value: s.disableApiStop } };
    case 'instanceInitiatedShutdownBehavior': return { ...base, InstanceInitiatedShutdownBehavior: { Value: s.shutdownBehavior } };
    case 'rootDeviceName': return { ...base, RootDeviceName: { Value: s.rootDeviceName } };
    case 'blockDeviceMapping': return { ...base, BlockDeviceMappings: blockDeviceMappings(view, inst) };
    case 'productCodes': return { ...base, ProductCodes: [] };
    case 'sourceDestCheck': return { ...base, SourceDestCheck: { Value: sourceDestCheckOf(view, inst) } };
    case 'groupSet': return { ...base, Groups: groupIdentifiers(view, inst.groupIds) };
    case 'ebsOptimized': return { ...base, EbsOptimized: { Value: s.ebsOptimized } };
    case 'sriovNetSupport': return { ...base, SriovNetSupport: {} };
    case 'enaSupport': return { ...base, EnaSupport: { Value: true } };
    case 'enclaveOptions': return { ...base, EnclaveOptions: { Enabled: s.enclave } };
    default: throw ec2Errors.invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  }
}

/** AWS: DescribeInstanceCreditSpecifications filters. */
const CREDIT_FILTERS: FilterTable<Instance> = { 'instance-id': (i) => i.id };

function statusSummary(running: boolean) {
  return running ? { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] } : { Status: 'not-applicable' };
}

function instanceStatus(view: ReadView, inst: Instance): WInstanceStatus {
  const running = inst.state === 'running';
  return {
    InstanceId: inst.id, AvailabilityZone: inst.availabilityZone, AvailabilityZoneId: view.get('subnet', inst.subnetId)?.availabilityZoneId,
    InstanceState: state(inst.state), Events: [], InstanceStatus: statusSummary(running), SystemStatus: statusSummary(running),
    AttachedEbsStatus: statusSummary(running),
  };
}

/** AWS: DescribeInstanceStatus filters. */
function statusFilters(view: ReadView): FilterTable<Instance> {
  const summary = (i: Instance): string => (i.state === 'running' ? 'ok' : 'not-applicable');
  const reach = (i: Instance): string | undefined => (i.state === 'running' ? 'passed' : undefined);
  return {
    'availability-zone': (i) => i.availabilityZone,
    'availability-zone-id': (i) => view.get('subnet', i.subnetId)?.availabilityZoneId,
    'instance-state-code': (i) => STATE_CODES[i.state],
    'instance-state-name': (i) => i.state,
    'instance-status.status': summary,
    'instance-status.reachability': reach,
    'system-status.status': summary,
    'system-status.reachability': reach,
    'attached-ebs-status.status': summary,
    'attached-ebs-status.reachability': reach,
    'event.code': () => undefined,
    'event.description': () => undefined,
    'event.not-after': () => undefined,
    'event.not-before': () => undefined,
    'event.not-before-deadline': () => undefined,
    'event.instance-event-id': () => undefined,
    'operator.managed': () => false,
    'operator.principal': () => undefined,
  };
}

/** AWS: DescribeKeyPairs filters. */
const KEY_PAIR_FILTERS: FilterTable<{ readonly tags: readonly [] }> = {
  'key-pair-id': () => undefined, 'key-name': () => undefined, 'fingerprint': () => undefined, 'key-type': () => undefined,
};

export const instanceAttributeHandlers: HandlerTable = {
  DescribeInstanceAttribute(ctx, input) {
    const view = ctx.read();
    const inst = mustGet(view, 'instance', input.InstanceId);
    return attributeToWire(view, inst, input.Attribute);
  },
  ModifyInstanceAttribute(ctx, input) {
    const change = attributeChange(input);
    ctx.write((p) => modifyInstanceAttribute(p, input.InstanceId, change));
    return {};
  },
  MonitorInstances(ctx, input) {
    const changed = ctx.write((p) => setDetailedMonitoring(p, input.InstanceIds, true));
    return { InstanceMonitorings: changed.map((i) => ({ InstanceId: i.id, Monitoring: { State: 'pending' } })) };
  },
  UnmonitorInstances(ctx, input) {
    const changed = ctx.write((p) => setDetailedMonitoring(p, input.InstanceIds, false));
    return { InstanceMonitorings: changed.map((i) => ({ InstanceId: i.id, Monitoring: { State: 'disabling' } })) };
  },
  ModifyInstanceMetadataOptions(ctx, input) {
    const inst = ctx.write((p) => modifyMetadataOptions(p, input.InstanceId, {
      httpTokens: input.HttpTokens, httpEndpoint: input.HttpEndpoint, hopLimit: input.HttpPutResponseHopLimit,
      instanceMetadataTags: input.InstanceMetadataTags, httpProtocolIpv6: input.HttpProtocolIpv6,
    }));
    const m = settingsOf(inst).metadata;
    // AWS: the response shows the change as `pending`; DescribeInstances shows it `applied`.
    return {
      InstanceId: inst.id,
      InstanceMetadataOptions: { State: 'pending', HttpTokens: m.httpTokens, HttpPutResponseHopLimit: m.hopLimit, HttpEndpoint: m.httpEndpoint, HttpProtocolIpv6: m.httpProtocolIpv6, InstanceMetadataTags: m.instanceMetadataTags },
    };
  },
  GetInstanceMetadataDefaults(ctx) {
    ctx.read();
    // AWS: with no account-level defaults set, AccountLevel is empty ("no preference").
    return { AccountLevel: {} };
  },
  DescribeInstanceCreditSpecifications(ctx, input) {
    checkMaxResults(input.MaxResults, input.InstanceIds, 'instanceIds', 5, 1000);
    const view = ctx.read();
    const named = (input.InstanceIds?.length ?? 0) > 0;
    // AWS: without ids, the burstable instances in `unlimited` mode (and those that were) are listed.
    const page = describe(view, 'instance', { ids: input.InstanceIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, CREDIT_FILTERS,
      (i) => named || (i.state !== 'terminated' && settingsOf(i).cpuCredits === 'unlimited'));
    return { InstanceCreditSpecifications: page.items.map((i) => ({ InstanceId: i.id, CpuCredits: settingsOf(i).cpuCredits ?? 'standard' })), NextToken: page.nextToken };
  },
  ModifyInstanceCreditSpecification(ctx, input) {
    const outcomes = ctx.write((p) => modifyCreditSpecifications(p, (input.InstanceCreditSpecifications ?? []).map((s) => ({ instanceId: s.InstanceId, cpuCredits: s.CpuCredits }))));
    return {
      SuccessfulInstanceCreditSpecifications: outcomes.filter((o) => o.ok).map((o) => ({ InstanceId: o.instanceId })),
      UnsuccessfulInstanceCreditSpecifications: outcomes.flatMap((o) => (o.ok ? [] : [{ InstanceId: o.instanceId, Error: { Code: o.code, Message: o.message } }])),
    };
  },
  DescribeInstanceStatus(ctx, input) {
    checkMaxResults(input.MaxResults, input.InstanceIds, 'instancesSet', 5, 1000);
    const view = ctx.read();
    // AWS: only running instances are described unless IncludeAllInstances is true.
    const all = input.IncludeAllInstances === true;
    const named = (input.InstanceIds?.length ?? 0) > 0;
    const page = describe(view, 'instance', { ids: input.InstanceIds, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken }, statusFilters(view),
      (i) => all || named || i.state === 'running');
    const shown = all ? page.items : page.items.filter((i) => i.state === 'running');
    return { InstanceStatuses: shown.map((i) => instanceStatus(view, i)), NextToken: page.nextToken };
  },
  DescribeKeyPairs(ctx, input) {
    ctx.read();
    compileFilters(input.Filters, KEY_PAIR_FILTERS);
    // AWS: a named key pair that does not exist fails the call; vpce keeps none.
    const name = input.KeyNames?.[0];
    if (name !== undefined) throw ec2Errors.notFound('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
    const id = input.KeyPairIds?.[0];
    if (id !== undefined) throw ec2Errors.notFound('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`);
    return { KeyPairs: [] };
  },
};
