/** @module Small e2e fixtures shared by the test files: a VPC, a VPC with one subnet. */
import { CreateSubnetCommand, CreateVpcCommand, type EC2Client } from '@aws-sdk/client-ec2';

/** Create a VPC and return its id. */
export async function createVpcId(ec2: EC2Client, cidr: string): Promise<string> {
  return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
}

/** Create a VPC with one subnet (the VPC's first /24, in `zone` when given). */
export async function vpcWithSubnet(ec2: EC2Client, vpcCidr: string, subnetCidr: string, zone?: string): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = await createVpcId(ec2, vpcCidr);
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, ...(zone ? { AvailabilityZone: zone } : {}) }));
  return { vpcId, subnetId: subnet.Subnet!.SubnetId! };
}
