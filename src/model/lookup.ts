/** @module Finding resources by ID with the exact NotFound and Malformed errors EC2 gives for each kind. */
import { ec2Errors } from '../errors/ec2.js';
import { ID_PREFIX, type IdKind } from '../shared/ids.js';
import type { Kind, ResourceOf } from './resources.js';
import type { ReadView } from './world.js';

interface KindErrors { readonly notFound: string; readonly noun: string; readonly malformed: string; readonly idKind: IdKind }

/** AWS: codes as listed on "Error codes for the Amazon EC2 API"; waiters match them literally. */
export const KIND_ERRORS: Partial<Record<Kind, KindErrors>> = {
  vpc: { notFound: 'InvalidVpcID.NotFound', noun: 'vpc ID', malformed: 'InvalidVpcID.Malformed', idKind: 'vpc' },
  subnet: { notFound: 'InvalidSubnetID.NotFound', noun: 'subnet ID', malformed: 'InvalidSubnetID.Malformed', idKind: 'subnet' },
  routeTable: { notFound: 'InvalidRouteTableID.NotFound', noun: 'routeTable ID', malformed: 'InvalidRouteTableId.Malformed', idKind: 'routeTable' },
  internetGateway: { notFound: 'InvalidInternetGatewayID.NotFound', noun: 'internetGateway ID', malformed: 'InvalidInternetGatewayId.Malformed', idKind: 'internetGateway' },
  egressOnlyInternetGateway: { notFound: 'InvalidGatewayID.NotFound', noun: 'gateway ID', malformed: 'InvalidEgressOnlyInternetGatewayId.Malformed', idKind: 'egressOnlyInternetGateway' },
  natGateway: { notFound: 'NatGatewayNotFound', noun: 'natGateway ID', malformed: 'NatGatewayMalformed', idKind: 'natGateway' },
  address: { notFound: 'InvalidAllocationID.NotFound', noun: 'allocation ID', malformed: 'InvalidAllocationID.Malformed', idKind: 'address' },
  vpnGateway: { notFound: 'InvalidVpnGatewayID.NotFound', noun: 'vpnGateway ID', malformed: 'InvalidVpnGatewayID.Malformed', idKind: 'vpnGateway' },
  vpcPeeringConnection: { notFound: 'InvalidVpcPeeringConnectionID.NotFound', noun: 'vpcPeeringConnection ID', malformed: 'InvalidVpcPeeringConnectionId.Malformed', idKind: 'peering' },
  securityGroup: { notFound: 'InvalidGroup.NotFound', noun: 'security group', malformed: 'InvalidGroupId.Malformed', idKind: 'securityGroup' },
  networkAcl: { notFound: 'InvalidNetworkAclID.NotFound', noun: 'networkAcl ID', malformed: 'InvalidNetworkAclId.Malformed', idKind: 'networkAcl' },
  networkInterface: { notFound: 'InvalidNetworkInterfaceID.NotFound', noun: 'networkInterface ID', malformed: 'InvalidNetworkInterfaceId.Malformed', idKind: 'networkInterface' },
  instance: { notFound: 'InvalidInstanceID.NotFound', noun: 'instance ID', malformed: 'InvalidInstanceID.Malformed', idKind: 'instance' },
  volume: { notFound: 'InvalidVolume.NotFound', noun: 'volume', malformed: 'InvalidVolumeID.Malformed', idKind: 'volume' },
  vpcEndpoint: { notFound: 'InvalidVpcEndpointId.NotFound', noun: 'VpcEndpoint Id', malformed: 'InvalidVpcEndpointId.Malformed', idKind: 'vpcEndpoint' },
  managedPrefixList: { notFound: 'InvalidPrefixListID.NotFound', noun: 'prefix list ID', malformed: 'InvalidPrefixListId.Malformed', idKind: 'prefixList' },
  dhcpOptions: { notFound: 'InvalidDhcpOptionID.NotFound', noun: 'dhcpOptions ID', malformed: 'InvalidDhcpOptionsId.Malformed', idKind: 'dhcpOptions' },
  vpcEndpointService: { notFound: 'InvalidVpcEndpointServiceId.NotFound', noun: 'VpcEndpointService Id', malformed: 'InvalidVpcEndpointServiceId.Malformed', idKind: 'vpcEndpointService' },
  // Terraform's finder matches `InvalidConnectionNotification` for an unknown notification; it has no .NotFound suffix.
  connectionNotification: { notFound: 'InvalidConnectionNotification', noun: 'connection notification ID', malformed: 'InvalidConnectionNotification', idKind: 'connectionNotification' },
};

/** The NotFound error for an ID of a kind. */
export function notFound(kind: Kind, id: string): Error {
  const k = KIND_ERRORS[kind];
  if (!k) return ec2Errors.invalidParameterValue(`The ID '${id}' does not exist`);
  return ec2Errors.notFound(k.notFound, `The ${k.noun} '${id}' does not exist`);
}

/** Throw `.Malformed` when the ID cannot be of the kind (wrong prefix). */
export function checkIdShape(kind: Kind, id: string): void {
  const k = KIND_ERRORS[kind];
  if (!k) return;
  const prefix = ID_PREFIX[k.idKind];
  if (!id.startsWith(`${prefix}-`) || !/^[0-9a-z]+$/.test(id.slice(prefix.length + 1))) {
    throw ec2Errors.malformed(k.malformed, id, prefix);
  }
}

/** The resource of that kind and ID, or the EC2 error a client expects. */
export function mustGet<K extends Kind>(view: ReadView, kind: K, id: string): ResourceOf<K> {
  checkIdShape(kind, id);
  const r = view.get(kind, id);
  if (!r) throw notFound(kind, id);
  return r;
}
