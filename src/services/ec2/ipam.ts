/** @module IPAM pools, which vpce does not model: a request that names one is refused as AWS refuses an unknown pool. */
import { ec2Errors } from '../../errors/ec2.js';

/**
 * AWS: a CIDR drawn from an IPAM pool needs the pool (`Ipv4IpamPoolId`) and takes an optional netmask length; a
 * pool that does not exist is `InvalidIpamPoolId.NotFound`, and none exists here. Never accepted and dropped.
 */
export function refuseIpv4IpamPool(input: { readonly Ipv4IpamPoolId?: string | undefined; readonly Ipv4NetmaskLength?: number | undefined }): void {
  if (input.Ipv4IpamPoolId !== undefined) {
    throw ec2Errors.notFound('InvalidIpamPoolId.NotFound', `The ipam pool ID '${input.Ipv4IpamPoolId}' does not exist`);
  }
  if (input.Ipv4NetmaskLength !== undefined) {
    throw ec2Errors.invalidParameterCombination('Ipv4NetmaskLength can only be specified together with Ipv4IpamPoolId.');
  }
}
