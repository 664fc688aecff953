/** @module Readers of describe-network-interfaces and describe-instances (whose interfaces fill in any the first lacks). */
import { settingsOf } from '../model/instance-settings.js';
import type { Instance, InstanceSettings, NetworkInterface, Volume } from '../model/resources.js';
import type { ParseContext } from './parse-context.js';
import { bool, num, obj, objs, str, tagsOf, time, type Json } from './wire.js';

const INTERFACE_TYPES = new Set<NetworkInterface['interfaceType']>(['interface', 'efa', 'trunk', 'vpc_endpoint', 'nat_gateway', 'network_load_balancer']);

/** One interface as either output prints it (describe-instances omits the zone, tags and requester fields). */
function interfaceRecord(ctx: ParseContext, e: Json, zone: string | undefined): NetworkInterface | undefined {
  const id = str(e['NetworkInterfaceId']);
  const subnetId = str(e['SubnetId']);
  const vpcId = str(e['VpcId']);
  if (id === undefined || subnetId === undefined || vpcId === undefined) {
    ctx.findings.add('error', 'missing-member', `network interface ${id ?? '(no id)'} without SubnetId or VpcId is left out`, { file: ctx.file, ...(id !== undefined ? { resourceId: id } : {}) });
    return undefined;
  }
  const ips = objs(e['PrivateIpAddresses']);
  const primary = str(e['PrivateIpAddress']) ?? str(ips.find((p) => bool(p['Primary']) === true)?.['PrivateIpAddress']);
  const secondary = ips.filter((p) => bool(p['Primary']) !== true).flatMap((p) => { const ip = str(p['PrivateIpAddress']); return ip !== undefined && ip !== primary ? [ip] : []; });
  const ipv6 = objs(e['Ipv6Addresses']).flatMap((a) => { const ip = str(a['Ipv6Address']); return ip === undefined ? [] : [ip]; });
  const primaryV6 = objs(e['Ipv6Addresses']).some((a) => bool(a['IsPrimaryIpv6']) === true);
  const att = obj(e['Attachment']);
  const instanceId = str(att?.['InstanceId']);
  const attachmentId = str(att?.['AttachmentId']);
  const type = str(e['InterfaceType']) as NetworkInterface['interfaceType'] | undefined;
  const publicIp = str(obj(e['Association'])?.['PublicIp']);
  const requesterId = str(e['RequesterId']);
  const az = str(e['AvailabilityZone']) ?? zone ?? '';
  return {
    kind: 'networkInterface', id, ownerId: str(e['OwnerId']) ?? ctx.account, tags: tagsOf(e), vpcId, subnetId, availabilityZone: az,
    ...(primary !== undefined ? { privateIp: primary } : {}), secondaryPrivateIps: secondary, ipv6Addresses: ipv6,
    ...(primaryV6 ? { primaryIpv6: true } : {}),
    groupIds: objs(e['Groups']).flatMap((g) => { const gid = str(g['GroupId']); return gid === undefined ? [] : [gid]; }),
    description: str(e['Description']) ?? '',
    interfaceType: type !== undefined && INTERFACE_TYPES.has(type) ? type : 'interface',
    requesterManaged: bool(e['RequesterManaged']) ?? false, ...(requesterId !== undefined ? { requesterId } : {}),
    sourceDestCheck: bool(e['SourceDestCheck']) ?? true, macAddress: str(e['MacAddress']) ?? '',
    ...(publicIp !== undefined ? { publicIp } : {}),
    ...(att && instanceId !== undefined && attachmentId !== undefined ? {
      attachment: { attachmentId, instanceId, deviceIndex: num(att['DeviceIndex']) ?? 0, attachedAt: time(att['AttachTime'], ctx.now), deleteOnTermination: bool(att['DeleteOnTermination']) ?? true },
    } : {}),
    status: str(e['Status']) === 'available' ? 'available' : 'in-use',
  };
}

export function readNetworkInterfaces(ctx: ParseContext, body: Json): void {
  for (const e of objs(body['NetworkInterfaces'])) {
    const r = interfaceRecord(ctx, e, undefined);
    if (r) ctx.drafts.put(ctx.region, r, ctx.file);
  }
}

const INSTANCE_STATES = new Set<Instance['state']>(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']);

export function readInstances(ctx: ParseContext, body: Json): void {
  for (const res of objs(body['Reservations'])) {
    const reservationId = str(res['ReservationId']) ?? '';
    for (const i of objs(res['Instances'])) {
      const id = str(i['InstanceId']);
      if (id === undefined) { ctx.findings.add('error', 'missing-member', 'an instance without InstanceId is left out', { file: ctx.file }); continue; }
      const state = str(obj(i['State'])?.['Name']) as Instance['state'] | undefined;
      const subnetId = str(i['SubnetId']);
      const vpcId = str(i['VpcId']);
      if (state === 'terminated' || subnetId === undefined || vpcId === undefined) {
        ctx.findings.add('note', 'not-imported', `instance ${id} is ${state === 'terminated' ? 'terminated' : 'not in a VPC'}; left out`, { file: ctx.file, resourceId: id });
        continue;
      }
      const zone = str(obj(i['Placement'])?.['AvailabilityZone']) ?? '';
      const enis = objs(i['NetworkInterfaces']).sort((a, b) => (num(obj(a['Attachment'])?.['DeviceIndex']) ?? 0) - (num(obj(b['Attachment'])?.['DeviceIndex']) ?? 0));
      // describe-network-interfaces, when given, wins (it prints more); these fill in the interfaces it lacks.
      for (const e of enis) {
        const r = interfaceRecord(ctx, { ...e, Attachment: { ...(obj(e['Attachment']) ?? {}), InstanceId: id } }, zone);
        if (r && !ctx.drafts.get(ctx.region, r.id)) ctx.drafts.put(ctx.region, r, ctx.file);
      }
      const profile = obj(i['IamInstanceProfile']);
      const blockDevices = readBlockDevices(ctx, id, zone, i, time(i['LaunchTime'], ctx.now));
      const opt = (k: string, v: string | undefined): Record<string, string> => (v !== undefined && v !== '' ? { [k]: v } : {});
      ctx.drafts.put(ctx.region, {
        kind: 'instance', id, ownerId: str(res['OwnerId']) ?? ctx.account, tags: tagsOf(i), reservationId,
        imageId: str(i['ImageId']) ?? '', instanceType: str(i['InstanceType']) ?? 't2.micro', vpcId, subnetId, availabilityZone: zone,
        networkInterfaceIds: enis.flatMap((e) => { const x = str(e['NetworkInterfaceId']); return x === undefined ? [] : [x]; }),
        ...opt('privateIp', str(i['PrivateIpAddress'])), ...opt('publicIp', str(i['PublicIpAddress'])),
        groupIds: objs(i['SecurityGroups']).flatMap((g) => { const gid = str(g['GroupId']); return gid === undefined ? [] : [gid]; }),
        state: state !== undefined && INSTANCE_STATES.has(state) ? state : 'running',
        launchedAt: time(i['LaunchTime'], ctx.now), ...opt('keyName', str(i['KeyName'])),
        ...opt('iamInstanceProfileArn', str(profile?.['Arn'])), ...opt('iamInstanceProfileId', str(profile?.['Id'])),
        ...opt('clientToken', str(i['ClientToken'])), amiLaunchIndex: num(i['AmiLaunchIndex']) ?? 0,
        settings: instanceSettings(i, str(i['InstanceType']) ?? 't2.micro'),
        ...(blockDevices.length > 0 ? { blockDevices } : {}),
      }, ctx.file);
    }
  }
}

/** The launch settings describe-instances prints; what it does not print (termination protection, user data) keeps AWS's defaults. */
function instanceSettings(i: Json, instanceType: string): InstanceSettings {
  const d = settingsOf({ instanceType } as Instance);
  const md = obj(i['MetadataOptions']);
  const cpu = obj(i['CpuOptions']);
  const dns = obj(i['PrivateDnsNameOptions']);
  const oneOf = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
  const bootMode = str(i['BootMode']);
  return {
    ...d,
    architecture: str(i['Architecture']) ?? d.architecture, rootDeviceName: str(i['RootDeviceName']) ?? d.rootDeviceName,
    ebsOptimized: bool(i['EbsOptimized']) ?? d.ebsOptimized, monitoring: str(obj(i['Monitoring'])?.['State']) === 'enabled',
    metadata: {
      httpTokens: oneOf(md?.['HttpTokens'], ['optional', 'required'], d.metadata.httpTokens),
      httpEndpoint: oneOf(md?.['HttpEndpoint'], ['enabled', 'disabled'], d.metadata.httpEndpoint),
      hopLimit: num(md?.['HttpPutResponseHopLimit']) ?? d.metadata.hopLimit,
      instanceMetadataTags: oneOf(md?.['InstanceMetadataTags'], ['enabled', 'disabled'], d.metadata.instanceMetadataTags),
      httpProtocolIpv6: oneOf(md?.['HttpProtocolIpv6'], ['enabled', 'disabled'], d.metadata.httpProtocolIpv6),
    },
    cpu: { coreCount: num(cpu?.['CoreCount']) ?? d.cpu.coreCount, threadsPerCore: num(cpu?.['ThreadsPerCore']) ?? d.cpu.threadsPerCore },
    hostnameType: oneOf(dns?.['HostnameType'], ['ip-name', 'resource-name'], d.hostnameType),
    dnsARecord: bool(dns?.['EnableResourceNameDnsARecord']) ?? d.dnsARecord, dnsAaaaRecord: bool(dns?.['EnableResourceNameDnsAAAARecord']) ?? d.dnsAaaaRecord,
    autoRecovery: oneOf(obj(i['MaintenanceOptions'])?.['AutoRecovery'], ['default', 'disabled'], d.autoRecovery),
    capacityReservationPreference: oneOf(obj(i['CapacityReservationSpecification'])?.['CapacityReservationPreference'], ['open', 'none'], d.capacityReservationPreference),
    hibernation: bool(obj(i['HibernationOptions'])?.['Configured']) ?? d.hibernation, enclave: bool(obj(i['EnclaveOptions'])?.['Enabled']) ?? d.enclave,
    tenancy: oneOf(obj(i['Placement'])?.['Tenancy'], ['default', 'dedicated'], d.tenancy),
    ...(bootMode !== undefined ? { bootMode } : {}),
  };
}

const VOLUME_TYPES = new Set<Volume['volumeType']>(['standard', 'gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']);

/**
 * The instance's EBS devices. A volume describe-volumes printed (read first) is kept as it is; one only the
 * instance names gets a record with what the mapping says and a note that its size and type are unknown.
 */
function readBlockDevices(ctx: ParseContext, instanceId: string, zone: string, i: Json, launchedAt: number): { deviceName: string; volumeId: string }[] {
  const out: { deviceName: string; volumeId: string }[] = [];
  const guessed: string[] = [];
  for (const m of objs(i['BlockDeviceMappings'])) {
    const deviceName = str(m['DeviceName']);
    const ebs = obj(m['Ebs']);
    const volumeId = str(ebs?.['VolumeId']);
    if (deviceName === undefined || volumeId === undefined) continue;
    out.push({ deviceName, volumeId });
    if (ctx.drafts.get(ctx.region, volumeId)) continue;
    guessed.push(volumeId);
    ctx.drafts.put(ctx.region, {
      kind: 'volume', id: volumeId, ownerId: ctx.account, tags: [], availabilityZone: zone, size: 8, volumeType: 'gp2', encrypted: false, snapshotId: '',
      createdAt: launchedAt,
      attachment: { instanceId, device: deviceName, attachedAt: time(ebs?.['AttachTime'], launchedAt), deleteOnTermination: bool(ebs?.['DeleteOnTermination']) ?? true },
    }, ctx.file);
  }
  if (guessed.length > 0) ctx.findings.add('note', 'missing-file', `volumes ${guessed.join(', ')} of ${instanceId} are not in describe-volumes: imported as 8 GiB gp2 (add describe-volumes for their real size and type)`, { file: ctx.file, resourceId: instanceId });
  return out;
}

export function readVolumes(ctx: ParseContext, body: Json): void {
  for (const v of objs(body['Volumes'])) {
    const id = str(v['VolumeId']);
    if (id === undefined) continue;
    const att = objs(v['Attachments']).find((a) => str(a['State']) === 'attached' || str(a['State']) === 'attaching');
    const instanceId = str(att?.['InstanceId']);
    const device = str(att?.['Device']);
    const type = str(v['VolumeType']) as Volume['volumeType'] | undefined;
    const iops = num(v['Iops']);
    const throughput = num(v['Throughput']);
    const kms = str(v['KmsKeyId']);
    const created = time(v['CreateTime'], ctx.now);
    ctx.drafts.put(ctx.region, {
      kind: 'volume', id, ownerId: ctx.account, tags: tagsOf(v), availabilityZone: str(v['AvailabilityZone']) ?? '', size: num(v['Size']) ?? 8,
      volumeType: type !== undefined && VOLUME_TYPES.has(type) ? type : 'gp2', ...(iops !== undefined ? { iops } : {}), ...(throughput !== undefined ? { throughput } : {}),
      encrypted: bool(v['Encrypted']) ?? false, ...(kms !== undefined ? { kmsKeyId: kms } : {}), snapshotId: str(v['SnapshotId']) ?? '', createdAt: created,
      ...(att && instanceId !== undefined && device !== undefined ? { attachment: { instanceId, device, attachedAt: time(att['AttachTime'], created), deleteOnTermination: bool(att['DeleteOnTermination']) ?? false } } : {}),
    }, ctx.file);
  }
}
