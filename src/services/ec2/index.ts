/** @module Every EC2 handler family, merged into one table keyed by operation name. */
import type { HandlerTable } from './context.js';
import { instanceHandlers } from './instances.js';
import { networkInterfaceHandlers } from './network-interfaces.js';
import { prefixListHandlers } from './prefix-lists.js';
import { tagHandlers } from './tags.js';
import { networkAclHandlers } from './network-acls.js';
import { regionHandlers } from './regions.js';
import { securityGroupHandlers } from './security-groups.js';
import { subnetHandlers } from './subnets.js';
import { vpcHandlers } from './vpcs.js';

export const ec2Handlers: HandlerTable = {
  ...regionHandlers,
  ...vpcHandlers,
  ...subnetHandlers,
  ...securityGroupHandlers,
  ...networkAclHandlers,
  ...networkInterfaceHandlers,
  ...instanceHandlers,
  ...prefixListHandlers,
  ...tagHandlers,
};
