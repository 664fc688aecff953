/** @module Every EC2 handler family, merged into one table keyed by operation name. */
import type { HandlerTable } from './context.js';
import { instanceHandlers } from './instances.js';
import { networkInterfaceHandlers } from './network-interfaces.js';
import { ipv6AddressHandlers } from './ipv6-addresses.js';
import { prefixListHandlers } from './prefix-lists.js';
import { tagHandlers } from './tags.js';
import { networkAclHandlers } from './network-acls.js';
import { regionHandlers } from './regions.js';
import { securityGroupHandlers } from './security-groups.js';
import { subnetHandlers } from './subnets.js';
import { vpcHandlers } from './vpcs.js';
import { routeTableHandlers } from './route-tables.js';
import { internetGatewayHandlers } from './internet-gateways.js';
import { egressOnlyInternetGatewayHandlers } from './egress-only-internet-gateways.js';
import { addressHandlers } from './addresses.js';
import { natGatewayHandlers } from './nat-gateways.js';
import { vpnGatewayHandlers } from './vpn-gateways.js';
import { peeringHandlers } from './peering.js';
import { endpointServiceHandlers } from './endpoint-services.js';
import { vpcEndpointHandlers } from './vpc-endpoints.js';
import { endpointCatalogHandlers } from './endpoint-services-catalog.js';
import { dhcpOptionsHandlers } from './dhcp-options.js';
import { accountAttributeHandlers } from './account-attributes.js';
import { connectionNotificationHandlers } from './connection-notifications.js';
import { imageHandlers } from './images.js';
import { instanceTypeHandlers } from './instance-types.js';
import { volumeHandlers } from './volumes.js';
import { instanceAttributeHandlers } from './instance-attributes.js';

export const ec2Handlers: HandlerTable = {
  ...regionHandlers,
  ...vpcHandlers,
  ...subnetHandlers,
  ...securityGroupHandlers,
  ...networkAclHandlers,
  ...networkInterfaceHandlers,
  ...ipv6AddressHandlers,
  ...instanceHandlers,
  ...prefixListHandlers,
  ...tagHandlers,
  ...routeTableHandlers,
  ...internetGatewayHandlers,
  ...egressOnlyInternetGatewayHandlers,
  ...addressHandlers,
  ...natGatewayHandlers,
  ...vpnGatewayHandlers,
  ...peeringHandlers,
  ...endpointServiceHandlers,
  ...vpcEndpointHandlers,
  ...endpointCatalogHandlers,
  ...dhcpOptionsHandlers,
  ...accountAttributeHandlers,
  ...connectionNotificationHandlers,
  ...imageHandlers,
  ...instanceTypeHandlers,
  ...volumeHandlers,
  ...instanceAttributeHandlers,
};
