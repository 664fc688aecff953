/** @module The console's view of the resources a topology draws beyond model.ts: gateways, peerings, interfaces, instances. */
import { child, items, tags, text } from './api.js';

export interface Gateway {
  readonly id: string;
  readonly kind: 'internetGateway' | 'vpnGateway';
  readonly vpcIds: readonly string[];
  readonly state: string;
  readonly name: string;
}

export function internetGatewayFrom(el: Element): Gateway {
  return {
    id: text(el, 'internetGatewayId'), kind: 'internetGateway', state: '',
    vpcIds: items(el, 'attachmentSet').filter((a) => text(a, 'state') !== 'detached').map((a) => text(a, 'vpcId')),
    name: tags(el)['Name'] ?? '',
  };
}

export function vpnGatewayFrom(el: Element): Gateway {
  return {
    id: text(el, 'vpnGatewayId'), kind: 'vpnGateway', state: text(el, 'state'),
    vpcIds: items(el, 'attachments').filter((a) => text(a, 'state') !== 'detached').map((a) => text(a, 'vpcId')),
    name: tags(el)['Name'] ?? '',
  };
}

export interface NatGateway {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly state: string;
  readonly connectivity: string;
  readonly name: string;
}

export function natGatewayFrom(el: Element): NatGateway {
  return {
    id: text(el, 'natGatewayId'), vpcId: text(el, 'vpcId'), subnetId: text(el, 'subnetId'), state: text(el, 'state'),
    connectivity: text(el, 'connectivityType') || 'public', name: tags(el)['Name'] ?? '',
  };
}

export interface PeerSide { readonly vpcId: string; readonly owner: string; readonly region: string; readonly cidr: string }

export interface Peering {
  readonly id: string;
  readonly requester: PeerSide;
  readonly accepter: PeerSide;
  readonly status: string;
  readonly name: string;
}

function side(el: Element | undefined): PeerSide {
  return { vpcId: text(el, 'vpcId'), owner: text(el, 'ownerId'), region: text(el, 'region'), cidr: text(el, 'cidrBlock') };
}

export function peeringFrom(el: Element): Peering {
  return {
    id: text(el, 'vpcPeeringConnectionId'), requester: side(child(el, 'requesterVpcInfo')), accepter: side(child(el, 'accepterVpcInfo')),
    status: text(child(el, 'status'), 'code'), name: tags(el)['Name'] ?? '',
  };
}

export interface NetworkInterface {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly privateIp: string;
  readonly type: string;
  readonly instanceId: string;
  readonly description: string;
}

export function networkInterfaceFrom(el: Element): NetworkInterface {
  return {
    id: text(el, 'networkInterfaceId'), vpcId: text(el, 'vpcId'), subnetId: text(el, 'subnetId'), privateIp: text(el, 'privateIpAddress'),
    type: text(el, 'interfaceType'), instanceId: text(child(el, 'attachment'), 'instanceId'), description: text(el, 'description'),
  };
}

export interface Instance {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly privateIp: string;
  readonly state: string;
  readonly name: string;
}

/** The instances of a DescribeInstances answer (they come grouped by reservation). */
export function instancesFrom(reservations: readonly Element[]): Instance[] {
  return reservations.flatMap((r) => items(r, 'instancesSet')).map((el) => ({
    id: text(el, 'instanceId'), vpcId: text(el, 'vpcId'), subnetId: text(el, 'subnetId'), privateIp: text(el, 'privateIpAddress'),
    state: text(child(el, 'instanceState'), 'name'), name: tags(el)['Name'] ?? '',
  }));
}
