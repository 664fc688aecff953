/**
 * @module The reference check of an import: every id a record names must exist in the snapshot or in the state it
 * goes into. A record that cannot stand without its parent (a subnet without its VPC) is left out (`error`); a
 * dangling reference a record can live with is dropped from it (`warning`), except routes, which stay as AWS shows
 * them: a route to a missing gateway is a blackhole, and the data plane treats it as one.
 */
import { awsPrefixListById } from '../model/aws-prefix-lists.js';
import type { Kind, Resource } from '../model/resources.js';
import { cidrContains, cidrHas, parseCidr, parseIp } from '../shared/cidr.js';
import type { Drafts } from './drafts.js';

/** A record of the state the import goes into (for references to records not in the snapshot). */
export type ExistingLookup = (region: string, id: string) => Resource | undefined;

export function checkReferences(drafts: Drafts, existing: ExistingLookup): void {
  const f = drafts.findings;
  for (const region of [...drafts.byRegion.keys()]) {
    if (region === 'global') continue;
    const find = (id: string): Resource | undefined => drafts.get(region, id)?.record ?? drafts.get('global', id)?.record ?? existing(region, id) ?? existing('global', id);
    const has = (id: string, kind: Kind): boolean => find(id)?.kind === kind;
    const where = (file: string, resourceId: string) => ({ file, resourceId });
    const leaveOut = (file: string, id: string, what: string): void => {
      f.add('error', 'missing-reference', `${id} is left out: ${what}`, where(file, id));
      drafts.drop(region, id);
    };
    // Parents first: a subnet left out takes the interfaces and instances in it along.
    for (const { record: s, file } of drafts.ofKind(region, 'subnet')) if (!has(s.vpcId, 'vpc')) leaveOut(file, s.id, `its VPC ${s.vpcId} is not in the snapshot`);
    for (const kind of ['routeTable', 'securityGroup', 'networkAcl', 'vpcEndpoint'] as const) {
      for (const { record, file } of drafts.ofKind(region, kind)) if (!has(record.vpcId, 'vpc')) leaveOut(file, record.id, `its VPC ${record.vpcId} is not in the snapshot`);
    }
    for (const kind of ['loadBalancer', 'targetGroup'] as const) {
      for (const { record, file } of drafts.ofKind(region, kind)) if (!has(record.vpcId, 'vpc')) leaveOut(file, record.id, `its VPC ${record.vpcId} is not in the snapshot`);
    }
    for (const { record: l, file } of drafts.ofKind(region, 'listener')) {
      if (!has(l.loadBalancerArn, 'loadBalancer')) { leaveOut(file, l.id, `its load balancer ${l.loadBalancerArn} is not in the snapshot`); continue; }
      const missing = l.targetGroupArns.filter((a) => !has(a, 'targetGroup'));
      if (missing.length > 0) f.add('warning', 'missing-reference', `${l.id} forwards to ${missing.join(', ')}, not in the snapshot (add describe-target-groups): traces through it stop there`, where(file, l.id));
    }
    for (const kind of ['natGateway', 'networkInterface', 'instance'] as const) {
      for (const { record, file } of drafts.ofKind(region, kind)) if (!has(record.subnetId, 'subnet')) leaveOut(file, record.id, `its subnet ${record.subnetId} is not in the snapshot`);
    }
    // AWS: a subnet's block lies inside one of its VPC's blocks ("Subnet CIDR blocks"); an interface's address inside its subnet.
    for (const { record: s, file } of drafts.ofKind(region, 'subnet')) {
      const vpc = find(s.vpcId);
      const block = parseCidr(s.cidrBlock);
      if (vpc?.kind !== 'vpc' || !block) continue;
      const inside = vpc.cidrAssociations.some((a) => { const c = parseCidr(a.cidrBlock); return c !== undefined && a.state === 'associated' && cidrContains(c, block); });
      if (!inside) f.add('warning', 'invalid-value', `${s.id} (${s.cidrBlock}) is outside every IPv4 block of ${vpc.id} (${vpc.cidrAssociations.map((a) => a.cidrBlock).join(', ')}); traces from it may not match the VPC's local route`, where(file, s.id));
    }
    for (const { record: eni, file } of drafts.ofKind(region, 'networkInterface')) {
      const subnet = find(eni.subnetId);
      const block = subnet?.kind === 'subnet' ? parseCidr(subnet.cidrBlock) : undefined;
      const ip = eni.privateIp !== undefined ? parseIp(eni.privateIp) : undefined;
      if (block && ip && !cidrHas(block, ip.family, ip.value)) f.add('warning', 'invalid-value', `${eni.id} has ${eni.privateIp}, outside its subnet ${eni.subnetId} (${subnet?.kind === 'subnet' ? subnet.cidrBlock : ''})`, where(file, eni.id));
    }
    for (const { record: v, file } of drafts.ofKind(region, 'vpc')) {
      if (v.dhcpOptionsId !== undefined && !has(v.dhcpOptionsId, 'dhcpOptions')) {
        f.add('warning', 'missing-reference', `${v.id} uses DHCP option set ${v.dhcpOptionsId}, which is not in the snapshot (add describe-dhcp-options); the VPC gets AWS's default options`, where(file, v.id));
        const { dhcpOptionsId: _dropped, ...rest } = v;
        drafts.replace(region, rest);
      }
    }
    for (const kind of ['internetGateway', 'vpnGateway'] as const) {
      for (const { record, file } of drafts.ofKind(region, kind)) {
        if (record.attachedVpcId !== undefined && !has(record.attachedVpcId, 'vpc')) {
          f.add('warning', 'missing-reference', `${record.id} is attached to ${record.attachedVpcId}, which is not in the snapshot; imported detached`, where(file, record.id));
          const { attachedVpcId: _dropped, ...rest } = record;
          drafts.replace(region, rest);
        }
      }
    }
    const prefixListKnown = (id: string): boolean => has(id, 'managedPrefixList') || awsPrefixListById(id) !== undefined;
    for (const { record: rt, file } of drafts.ofKind(region, 'routeTable')) {
      for (const r of rt.routes) {
        const t = r.target;
        if (t.type !== 'local' && !find(t.id)) {
          f.add('warning', 'missing-reference', `route ${r.destination.type === 'prefixList' ? r.destination.prefixListId : r.destination.cidr} in ${rt.id} goes to ${t.id}, which is not in the snapshot: a blackhole route (as AWS shows a route to a deleted target)`, where(file, rt.id));
        }
        if (r.destination.type === 'prefixList' && !prefixListKnown(r.destination.prefixListId)) {
          f.add('warning', 'missing-reference', `route in ${rt.id} to prefix list ${r.destination.prefixListId}, which is not in the snapshot (add describe-prefix-lists and describe-managed-prefix-lists): it matches nothing`, where(file, rt.id));
        }
      }
      const assocs = rt.associations.filter((a) => {
        const target = a.subnetId ?? a.gatewayId;
        if (target === undefined || find(target)) return true;
        f.add('warning', 'missing-reference', `association ${a.associationId} of ${rt.id} names ${target}, which is not in the snapshot; dropped`, where(file, rt.id));
        return false;
      });
      if (assocs.length !== rt.associations.length) drafts.replace(region, { ...rt, associations: assocs });
    }
    for (const { record: acl, file } of drafts.ofKind(region, 'networkAcl')) {
      const assocs = acl.associations.filter((a) => {
        if (has(a.subnetId, 'subnet')) return true;
        f.add('warning', 'missing-reference', `association ${a.associationId} of ${acl.id} names subnet ${a.subnetId}, which is not in the snapshot; dropped`, where(file, acl.id));
        return false;
      });
      if (assocs.length !== acl.associations.length) drafts.replace(region, { ...acl, associations: assocs });
    }
    for (const { record: sg, file } of drafts.ofKind(region, 'securityGroup')) {
      const rules = sg.rules.filter((r) => {
        if (r.peer.type === 'group' && r.peer.ownerId === sg.ownerId && !has(r.peer.groupId, 'securityGroup')) {
          f.add('warning', 'missing-reference', `rule ${r.ruleId} of ${sg.id} names group ${r.peer.groupId}, which is not in the snapshot; dropped`, where(file, sg.id));
          return false;
        }
        if (r.peer.type === 'prefixList' && !prefixListKnown(r.peer.prefixListId)) {
          f.add('warning', 'missing-reference', `rule ${r.ruleId} of ${sg.id} names prefix list ${r.peer.prefixListId}, which is not in the snapshot: it matches nothing`, where(file, sg.id));
        }
        return true;
      });
      if (rules.length !== sg.rules.length) drafts.replace(region, { ...sg, rules });
    }
    const keepGroups = (file: string, id: string, groupIds: readonly string[]): string[] => groupIds.filter((g) => {
      if (has(g, 'securityGroup')) return true;
      f.add('warning', 'missing-reference', `${id} names security group ${g}, which is not in the snapshot; dropped from it`, where(file, id));
      return false;
    });
    for (const { record: eni, file } of drafts.ofKind(region, 'networkInterface')) {
      const groupIds = keepGroups(file, eni.id, eni.groupIds);
      const att = eni.attachment;
      const orphan = att !== undefined && !has(att.instanceId, 'instance');
      if (orphan) f.add('warning', 'missing-reference', `${eni.id} is attached to ${att.instanceId}, which is not in the snapshot; imported detached`, where(file, eni.id));
      if (orphan || groupIds.length !== eni.groupIds.length) {
        const { attachment, ...rest } = eni;
        drafts.replace(region, { ...rest, groupIds, ...(!orphan && attachment ? { attachment } : {}), ...(orphan ? { status: 'available' as const } : {}) });
      }
    }
    for (const { record: inst, file } of drafts.ofKind(region, 'instance')) {
      const enis = inst.networkInterfaceIds.filter((e) => has(e, 'networkInterface'));
      const groupIds = keepGroups(file, inst.id, inst.groupIds);
      if (enis.length === 0) { leaveOut(file, inst.id, 'none of its network interfaces is in the snapshot'); continue; }
      if (enis.length !== inst.networkInterfaceIds.length || groupIds.length !== inst.groupIds.length) drafts.replace(region, { ...inst, networkInterfaceIds: enis, groupIds });
    }
    for (const { record: ep, file } of drafts.ofKind(region, 'vpcEndpoint')) {
      const keep = (ids: readonly string[], kind: Kind, what: string): string[] => ids.filter((x) => {
        if (has(x, kind)) return true;
        f.add('warning', 'missing-reference', `${ep.id} names ${what} ${x}, which is not in the snapshot; dropped from it`, where(file, ep.id));
        return false;
      });
      const routeTableIds = keep(ep.routeTableIds, 'routeTable', 'route table');
      const subnetIds = keep(ep.subnetIds, 'subnet', 'subnet');
      const networkInterfaceIds = keep(ep.networkInterfaceIds, 'networkInterface', 'network interface');
      const groupIds = keepGroups(file, ep.id, ep.groupIds);
      // A gateway endpoint's list is the one its routes name (the real id, which may not be vpce's own for the Region).
      let prefixListId = ep.prefixListId;
      for (const rtId of routeTableIds) {
        const rt = find(rtId);
        if (rt?.kind !== 'routeTable') continue;
        const r = rt.routes.find((x) => x.target.type === 'vpcEndpoint' && x.target.id === ep.id && x.destination.type === 'prefixList');
        if (r && r.destination.type === 'prefixList') { prefixListId = r.destination.prefixListId; break; }
      }
      const idx = drafts.get('global', ep.serviceName)?.record ?? existing('global', ep.serviceName);
      const custom = idx?.kind === 'endpointServiceIndex' ? { serviceId: idx.serviceId, serviceOwner: idx.ownerId } : {};
      if (ep.serviceOwner === 'unknown' && !idx) {
        f.add('note', 'missing-reference', `${ep.id} uses ${ep.serviceName}, a service vpce does not know (another account's, or its configuration is not in the snapshot): traces stop at the endpoint`, where(file, ep.id));
      }
      drafts.replace(region, { ...ep, routeTableIds, subnetIds, networkInterfaceIds, groupIds, ...(prefixListId !== undefined ? { prefixListId } : {}), ...custom });
    }
    for (const { record: a, file } of drafts.ofKind(region, 'address')) {
      if (a.networkInterfaceId !== undefined && !has(a.networkInterfaceId, 'networkInterface')) {
        f.add('warning', 'missing-reference', `${a.id} is associated with ${a.networkInterfaceId}, which is not in the snapshot; imported unassociated`, where(file, a.id));
        drafts.replace(region, { kind: 'address', id: a.id, ownerId: a.ownerId, tags: a.tags, publicIp: a.publicIp, domain: 'vpc' });
      }
    }
    for (const { record: nat, file } of drafts.ofKind(region, 'natGateway')) {
      if (nat.networkInterfaceId !== undefined && !has(nat.networkInterfaceId, 'networkInterface')) {
        f.add('warning', 'missing-reference', `${nat.id}'s interface ${nat.networkInterfaceId} is not in the snapshot (add describe-network-interfaces): traces through it stop there`, where(file, nat.id));
      }
    }
  }
}
