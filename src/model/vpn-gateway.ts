/**
 * @module Virtual private gateways, the emulator's stand-in for Site-to-Site VPN and Direct Connect.
 * AWS (AttachVpnGateway): "You can attach one virtual private gateway to one VPC at a time"; a deleted gateway
 * stays visible as `deleted` for a while.
 */
import { ec2Errors } from '../errors/ec2.js';
import { mustGet } from './lookup.js';
import type { VpnGateway } from './resources.js';
import type { Tags } from './tags.js';
import type { PartitionTx, ReadView, Tx } from './world.js';

/** AWS: the default Amazon side ASN of a virtual private gateway. */
export const DEFAULT_AMAZON_ASN = 64512;
/** How long a deleted gateway stays visible. */
export const VGW_AFTERLIFE_MS = 3600 * 1000;

export interface CreateVpnGatewayArgs {
  readonly type: string;
  readonly amazonSideAsn?: number | undefined;
  readonly availabilityZone?: string | undefined;
  readonly tags?: Tags;
}

/** AWS: a private ASN in 64512-65534 or 4200000000-4294967294. */
function validAsn(asn: number): boolean {
  return Number.isInteger(asn) && ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294));
}

export function createVpnGateway(tx: Tx, p: PartitionTx, args: CreateVpnGatewayArgs): VpnGateway {
  if (args.type !== 'ipsec.1') throw ec2Errors.invalidParameterValue(`Value (${args.type}) for parameter type is invalid. Valid values: ipsec.1`);
  const asn = args.amazonSideAsn ?? DEFAULT_AMAZON_ASN;
  if (!validAsn(asn)) throw ec2Errors.invalidParameterValue(`Value (${asn}) for parameter amazonSideAsn is invalid. It must be a private ASN in 64512-65534 or 4200000000-4294967294.`);
  return p.put<VpnGateway>({
    kind: 'vpnGateway', id: tx.ids.next('vpnGateway'), ownerId: p.account, tags: args.tags ?? [],
    type: 'ipsec.1', amazonSideAsn: asn, state: 'available',
    ...(args.availabilityZone !== undefined ? { availabilityZone: args.availabilityZone } : {}),
  });
}

/** A gateway that exists and is not deleted, or the NotFound error. */
export function mustGetVpnGateway(view: ReadView, id: string): VpnGateway {
  const g = mustGet(view, 'vpnGateway', id);
  if (g.state === 'deleted') throw ec2Errors.notFound('InvalidVpnGatewayID.NotFound', `The vpnGateway ID '${id}' does not exist`);
  return g;
}

export function attachVpnGateway(p: PartitionTx, vgwId: string, vpcId: string): VpnGateway {
  const vgw = mustGetVpnGateway(p, vgwId);
  const vpc = mustGet(p, 'vpc', vpcId);
  if (vgw.attachedVpcId === vpc.id) return vgw;
  if (vgw.attachedVpcId !== undefined) {
    throw ec2Errors.custom('VpnGatewayAttachmentLimitExceeded', `The virtual private gateway ${vgw.id} is already attached to ${vgw.attachedVpcId}; a virtual private gateway can be attached to one VPC at a time.`);
  }
  for (const other of p.list('vpnGateway')) {
    if (other.attachedVpcId === vpc.id && other.state !== 'deleted') {
      throw ec2Errors.custom('Resource.AlreadyAssociated', `Network ${vpc.id} already has a virtual private gateway attached (${other.id})`);
    }
  }
  const { detachedVpcId: _previous, ...rest } = vgw;
  return p.put<VpnGateway>({ ...rest, attachedVpcId: vpc.id });
}

export function detachVpnGateway(p: PartitionTx, vgwId: string, vpcId: string): VpnGateway {
  const vgw = mustGetVpnGateway(p, vgwId);
  mustGet(p, 'vpc', vpcId);
  if (vgw.attachedVpcId !== vpcId) {
    throw ec2Errors.notFound('InvalidVpnGatewayAttachment.NotFound', `The attachment with vpn gateway ID '${vgw.id}' and vpc ID '${vpcId}' does not exist`);
  }
  const { attachedVpcId: _gone, ...rest } = vgw;
  // A detached gateway propagates into no route table of the VPC it left.
  for (const rt of [...p.childrenOf(vpcId, 'routeTable')]) {
    if (rt.propagatingVgwIds?.includes(vgw.id)) p.put({ ...rt, propagatingVgwIds: rt.propagatingVgwIds.filter((id) => id !== vgw.id) });
  }
  // AWS: DescribeVpnGateways keeps listing the attachment, in state `detached`, until the gateway is attached again.
  return p.put<VpnGateway>({ ...rest, detachedVpcId: vpcId });
}

/** AWS: detach the gateway from its VPC before deleting it. */
export function deleteVpnGateway(tx: Tx, p: PartitionTx, vgwId: string): VpnGateway {
  const vgw = mustGetVpnGateway(p, vgwId);
  if (vgw.attachedVpcId !== undefined) {
    throw ec2Errors.custom('IncorrectState', `The vpnGateway '${vgw.id}' is attached to ${vgw.attachedVpcId}; detach it before deleting it.`);
  }
  return p.put({ ...vgw, state: 'deleted' as const, deletedAt: tx.clock.now() });
}

/** Whether Describe still shows the gateway. */
export function vpnGatewayVisible(g: VpnGateway, now: number): boolean {
  return g.state !== 'deleted' || now - (g.deletedAt ?? 0) < VGW_AFTERLIFE_MS;
}

/** The gateway's attachments as DescribeVpnGateways lists them: the attached VPC, or the one it was detached from. */
export function vpnGatewayAttachments(g: VpnGateway): { vpcId: string; state: 'attached' | 'detached' }[] {
  if (g.attachedVpcId !== undefined) return [{ vpcId: g.attachedVpcId, state: 'attached' }];
  if (g.detachedVpcId !== undefined) return [{ vpcId: g.detachedVpcId, state: 'detached' }];
  return [];
}
