/**
 * @module Stopping and starting instances and changing their attributes, with AWS's state rules: a stop is
 * `stopping` in its response and `stopped` thereafter, a start `pending` then `running` (so waiters settle on
 * their first poll); the instance type, user data and EBS optimization change only while stopped.
 */
import { ec2Errors } from '../errors/ec2.js';
import { imageFor } from './image-catalog.js';
import { applyMetadata, checkArchitecture, checkEbsOptimized, checkUserData, settingsOf } from './instance-settings.js';
import { defaultCpuCredits, isBurstable } from './instance-types.js';
import { mustGet } from './lookup.js';
import { checkGroupsForVpc } from './network-interface.js';
import { allocatePublicIp } from './public-ip.js';
import type { Instance, InstanceSettings } from './resources.js';
import type { MetadataSpec, StateChange } from './instance.js';
import type { PartitionTx, Tx } from './world.js';

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

function incorrectState(message: string): Error {
  return ec2Errors.custom('IncorrectInstanceState', message);
}

function withSettings(p: PartitionTx, inst: Instance, change: Partial<InstanceSettings>): Instance {
  return p.put<Instance>({ ...inst, settings: { ...settingsOf(inst), ...change } });
}

/** The primary interface of an instance (device index 0). */
function primaryInterface(p: PartitionTx, inst: Instance) {
  return inst.networkInterfaceIds.map((id) => p.get('networkInterface', id)).find((e) => e?.attachment?.deviceIndex === 0);
}

/**
 * Stop instances. AWS: one unknown id fails the call; a terminated (or terminating) instance cannot be stopped;
 * stop protection refuses; stopping a stopped instance succeeds again. An auto-assigned public address is
 * released at stop and a new one assigned at start.
 */
export function stopInstances(tx: Tx, p: PartitionTx, ids: readonly string[], hibernate: boolean): StateChange[] {
  if (ids.length === 0) throw ec2Errors.missingParameter('InstanceId');
  const found = [...new Set(ids)].map((id) => mustGet(p, 'instance', id));
  for (const inst of found) {
    if (inst.state === 'terminated' || inst.state === 'shutting-down') {
      throw incorrectState(`This instance '${inst.id}' is not in a state from which it can be stopped.`);
    }
    if (settingsOf(inst).disableApiStop && inst.state !== 'stopped') {
      throw ec2Errors.custom('OperationNotPermitted', `The instance '${inst.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`);
    }
    // AWS: only an instance launched with hibernation configured can hibernate.
    if (hibernate && !settingsOf(inst).hibernation) {
      throw ec2Errors.custom('UnsupportedHibernationConfiguration', `The instance '${inst.id}' does not have hibernation configured.`);
    }
  }
  return found.map((inst) => {
    if (inst.state === 'stopped' || inst.state === 'stopping') return { instance: inst, previous: inst.state };
    const eni = primaryInterface(p, inst);
    const hadPublic = eni?.publicIp !== undefined;
    if (eni && hadPublic) {
      const { publicIp: _ip, ...rest } = eni;
      p.put(rest);
    }
    const { publicIp: _pub, ...rest } = inst;
    const next = p.put<Instance>({ ...rest, state: 'stopped', stoppedAt: tx.clock.now(), ...(hadPublic ? { publicIpOnStart: true } : {}) });
    return { instance: next, previous: inst.state };
  });
}

/** Start instances. AWS: a terminated instance cannot be started; starting a running instance succeeds again. */
export function startInstances(tx: Tx, p: PartitionTx, ids: readonly string[]): StateChange[] {
  if (ids.length === 0) throw ec2Errors.missingParameter('InstanceId');
  const found = [...new Set(ids)].map((id) => mustGet(p, 'instance', id));
  for (const inst of found) {
    if (inst.state === 'terminated' || inst.state === 'shutting-down') {
      throw incorrectState(`The instance '${inst.id}' is not in a state from which it can be started.`);
    }
  }
  return found.map((inst) => {
    if (inst.state === 'running' || inst.state === 'pending') return { instance: inst, previous: inst.state };
    const { stoppedAt: _s, publicIpOnStart, ...rest } = inst;
    let publicIp: string | undefined;
    const eni = primaryInterface(p, inst);
    if (publicIpOnStart === true && eni) {
      publicIp = allocatePublicIp(p, tx.ids, p.region);
      p.put({ ...eni, publicIp });
    }
    const next = p.put<Instance>({ ...rest, state: 'running', ...(publicIp !== undefined ? { publicIp } : {}) });
    return { instance: next, previous: inst.state };
  });
}

/** One attribute change, as ModifyInstanceAttribute names it. */
export type AttributeChange =
  | { readonly attribute: 'instanceType'; readonly value: string }
  | { readonly attribute: 'userData'; readonly value: string }
  | { readonly attribute: 'disableApiTermination' | 'disableApiStop' | 'ebsOptimized' | 'sourceDestCheck'; readonly value: boolean }
  | { readonly attribute: 'instanceInitiatedShutdownBehavior'; readonly value: string }
  | { readonly attribute: 'groupSet'; readonly value: readonly string[] }
  | { readonly attribute: 'blockDeviceMapping'; readonly value: readonly { readonly deviceName: string; readonly deleteOnTermination: boolean | undefined; readonly volumeId: string | undefined }[] };

function mustBeStopped(inst: Instance): void {
  if (inst.state !== 'stopped') throw incorrectState(`The instance '${inst.id}' is not in the 'stopped' state.`);
}

/** Change one attribute of an instance, with AWS's rules for each. */
export function modifyInstanceAttribute(p: PartitionTx, instanceId: string, change: AttributeChange): void {
  const inst = mustGet(p, 'instance', instanceId);
  if (inst.state === 'terminated' || inst.state === 'shutting-down') {
    throw incorrectState(`The instance '${inst.id}' is not in a state from which it can be modified.`);
  }
  switch (change.attribute) {
    case 'instanceType': {
      // AWS: "To modify the instance type, the instance must be stopped."
      mustBeStopped(inst);
      if (!INSTANCE_TYPE.test(change.value)) throw ec2Errors.invalidParameterValue(`Invalid value '${change.value}' for InstanceType.`);
      checkArchitecture(change.value, imageFor(p.region, p.account, inst.imageId));
      const s = settingsOf(inst);
      checkEbsOptimized(change.value, s.ebsOptimized);
      // AWS: a burstable type keeps an earlier credit option; the first burstable type gets its family's default.
      const cpuCredits = s.cpuCredits ?? defaultCpuCredits(change.value);
      p.put<Instance>({ ...inst, instanceType: change.value, settings: { ...s, ...(cpuCredits ? { cpuCredits } : {}) } });
      return;
    }
    case 'userData':
      // AWS: user data can be changed only while the instance is stopped.
      mustBeStopped(inst);
      if (change.value === '') {
        const { userData: _u, ...rest } = settingsOf(inst);
        p.put<Instance>({ ...inst, settings: rest });
      } else {
        withSettings(p, inst, { userData: checkUserData(change.value) });
      }
      return;
    case 'ebsOptimized':
      mustBeStopped(inst);
      checkEbsOptimized(inst.instanceType, change.value);
      withSettings(p, inst, { ebsOptimized: change.value });
      return;
    case 'disableApiTermination': withSettings(p, inst, { disableApiTermination: change.value }); return;
    case 'disableApiStop': withSettings(p, inst, { disableApiStop: change.value }); return;
    case 'instanceInitiatedShutdownBehavior':
      if (change.value !== 'stop' && change.value !== 'terminate') {
        throw ec2Errors.invalidParameterValue(`Value (${change.value}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are stop and terminate.`);
      }
      withSettings(p, inst, { shutdownBehavior: change.value });
      return;
    case 'sourceDestCheck': {
      const eni = primaryInterface(p, inst);
      if (eni) p.put({ ...eni, sourceDestCheck: change.value });
      return;
    }
    case 'groupSet': {
      // AWS: the groups replace those of the primary interface; each must be in the instance's VPC.
      if (change.value.length === 0) throw ec2Errors.missingParameter('GroupId');
      const groups = [...new Set(change.value)];
      checkGroupsForVpc(p, inst.vpcId, groups);
      const eni = primaryInterface(p, inst);
      if (eni) p.put({ ...eni, groupIds: groups });
      p.put<Instance>({ ...inst, groupIds: groups });
      return;
    }
    case 'blockDeviceMapping': {
      const devices = inst.blockDevices ?? [];
      const updates = change.value.map((m) => {
        const found = devices.find((d) => d.deviceName === m.deviceName);
        if (!found) throw ec2Errors.invalidParameterValue(`No device is currently mapped at ${m.deviceName} on instance ${inst.id}.`);
        if (m.volumeId !== undefined && m.volumeId !== found.volumeId) {
          throw ec2Errors.invalidParameterValue(`Volume ${m.volumeId} is not attached to instance ${inst.id} at ${m.deviceName}.`);
        }
        return { volume: mustGet(p, 'volume', found.volumeId), deleteOnTermination: m.deleteOnTermination };
      });
      for (const u of updates) {
        if (u.deleteOnTermination === undefined || !u.volume.attachment) continue;
        p.put({ ...u.volume, attachment: { ...u.volume.attachment, deleteOnTermination: u.deleteOnTermination } });
      }
      return;
    }
  }
}

/** Change instance metadata options. AWS: members not given keep their values; not on a terminated instance. */
export function modifyMetadataOptions(p: PartitionTx, instanceId: string, spec: MetadataSpec): Instance {
  const inst = mustGet(p, 'instance', instanceId);
  if (inst.state === 'terminated' || inst.state === 'shutting-down') {
    throw incorrectState(`The instance '${inst.id}' is not in a state from which its metadata options can be modified.`);
  }
  if (spec.httpTokens === undefined && spec.httpEndpoint === undefined && spec.hopLimit === undefined && spec.instanceMetadataTags === undefined && spec.httpProtocolIpv6 === undefined) {
    throw ec2Errors.invalidParameterCombination('At least one of HttpTokens, HttpPutResponseHopLimit, HttpEndpoint, HttpProtocolIpv6 or InstanceMetadataTags must be specified.');
  }
  return withSettings(p, inst, { metadata: applyMetadata(settingsOf(inst).metadata, spec) });
}

/** One instance's outcome of ModifyInstanceCreditSpecification: applied, or the per-instance error AWS lists. */
export type CreditOutcome = { readonly instanceId: string; readonly ok: true } | { readonly instanceId: string; readonly ok: false; readonly code: string; readonly message: string };

/** AWS: each instance succeeds or fails on its own; the call itself fails only on malformed input. */
export function modifyCreditSpecifications(p: PartitionTx, specs: readonly { readonly instanceId: string; readonly cpuCredits: string | undefined }[]): CreditOutcome[] {
  if (specs.length === 0) throw ec2Errors.missingParameter('InstanceCreditSpecification');
  const values = specs.map(({ cpuCredits }) => {
    const v = (cpuCredits ?? '').toLowerCase();
    if (v !== 'standard' && v !== 'unlimited') {
      throw ec2Errors.invalidParameterValue(`Value (${cpuCredits ?? ''}) for parameter cpuCredits is invalid. Valid values are: standard, unlimited.`);
    }
    return v;
  });
  return specs.map(({ instanceId }, i): CreditOutcome => {
    if (!/^i-[0-9a-f]+$/.test(instanceId)) return { instanceId, ok: false, code: 'InvalidInstanceID.Malformed', message: `Invalid id: "${instanceId}"` };
    const inst = p.get('instance', instanceId);
    if (!inst) return { instanceId, ok: false, code: 'InvalidInstanceID.NotFound', message: `The instance ID '${instanceId}' does not exist` };
    if (inst.state === 'terminated' || inst.state === 'shutting-down') {
      return { instanceId, ok: false, code: 'IncorrectInstanceState', message: `The instance '${instanceId}' is not in a state from which it can be modified.` };
    }
    if (!isBurstable(inst.instanceType)) {
      return { instanceId, ok: false, code: 'InstanceCreditSpecification.NotSupported', message: `The ${inst.instanceType} instance type does not support credit specifications.` };
    }
    withSettings(p, inst, { cpuCredits: values[i]! });
    return { instanceId, ok: true };
  });
}

/**
 * MonitorInstances / UnmonitorInstances: detailed monitoring on or off. AWS: every instance must exist (the call
 * fails whole otherwise) and a terminated instance cannot change; the answer says `pending` / `disabling` while
 * the next read shows the settled state.
 */
export function setDetailedMonitoring(p: PartitionTx, ids: readonly string[], enabled: boolean): Instance[] {
  if (ids.length === 0) throw ec2Errors.missingParameter('InstanceId');
  const instances = [...new Set(ids)].map((id) => mustGet(p, 'instance', id));
  for (const inst of instances) {
    if (inst.state === 'terminated' || inst.state === 'shutting-down') {
      throw incorrectState(`The instance '${inst.id}' is not in a state from which its monitoring can be changed.`);
    }
  }
  return instances.map((inst) => withSettings(p, inst, { monitoring: enabled }));
}
