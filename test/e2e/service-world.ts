/**
 * @module A VPC for service scenarios, built through @aws-sdk/client-ec2: a public subnet (internet gateway, a NAT
 * gateway), a private subnet behind the NAT, and an isolated subnet with only the local route; one instance in
 * each, and helpers to add gateway endpoints and to get `vpce exec` credentials for an instance.
 */
import {
  AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand, CreateRouteCommand,
  CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, AllocateAddressCommand, RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { callerCredentials } from '../../src/cli/exec.js';
import { signedHeaders } from '../../src/server/sign-request.js';

export interface ServiceWorld {
  readonly vpcId: string;
  readonly publicRt: string;
  readonly privateRt: string;
  readonly isolatedRt: string;
  /** An instance with a public IP in the public subnet. */
  readonly publicInstance: string;
  /** An instance in the private subnet (internet through the NAT gateway). */
  readonly natInstance: string;
  /** An instance in the isolated subnet (only the local route). */
  readonly isolatedInstance: string;
}

const AMI = 'ami-0abcdef1234567890';

async function run(ec2: EC2Client, subnetId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, SubnetId: subnetId, ...extra }));
  return r.Instances![0]!.InstanceId!;
}

/** Build the VPC (`10.<n>.0.0/16`). `profile` attaches an instance profile (by name) to every instance. */
export async function serviceWorld(ec2: EC2Client, n: number, profile?: string): Promise<ServiceWorld> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }))).Vpc!.VpcId!;
  const subnet = async (i: number): Promise<string> => (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${n}.${i}.0/24` }))).Subnet!.SubnetId!;
  const table = async (subnetId: string): Promise<string> => {
    const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: subnetId }));
    return rt;
  };
  const pub = await subnet(0);
  const priv = await subnet(1);
  const iso = await subnet(2);
  const publicRt = await table(pub);
  const privateRt = await table(priv);
  const isolatedRt = await table(iso);
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: eip }))).NatGateway!.NatGatewayId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  const extra = profile ? { IamInstanceProfile: { Name: profile } } : {};
  return {
    vpcId, publicRt, privateRt, isolatedRt,
    publicInstance: await run(ec2, pub, { ...extra, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: pub, AssociatePublicIpAddress: true }], SubnetId: undefined }),
    natInstance: await run(ec2, priv, extra),
    isolatedInstance: await run(ec2, iso, extra),
  };
}

/** Add a gateway endpoint for `service` (`s3`, `dynamodb`) to route tables; returns its id. */
export async function gatewayEndpoint(ec2: EC2Client, vpcId: string, region: string, service: string, routeTableIds: string[], policy?: unknown): Promise<string> {
  const r = await ec2.send(new CreateVpcEndpointCommand({
    VpcId: vpcId, ServiceName: `com.amazonaws.${region}.${service}`, RouteTableIds: routeTableIds,
    ...(policy !== undefined ? { PolicyDocument: JSON.stringify(policy) } : {}),
  }));
  return r.VpcEndpoint!.VpcEndpointId!;
}

export interface ExecCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly principalArn: string;
  readonly region: string;
}

/** Credentials a process on `instanceId` would use (`as`: a principal ARN instead of the instance's role). */
export async function execCredentials(url: string, instanceId: string, as?: string): Promise<ExecCredentials> {
  // Signed as `vpce exec` signs without credentials in its environment (open mode: --as's account, else `test`).
  const request = JSON.stringify({ from: instanceId, ...(as ? { as } : {}) });
  const headers = signedHeaders('POST', `${url}/_vpce/exec-credentials`, request, callerCredentials({}, as), 'us-east-1', 'sts');
  const res = await fetch(`${url}/_vpce/exec-credentials`, { method: 'POST', headers, body: request });
  const body = await res.json() as ExecCredentials & { message?: string };
  if (!res.ok) throw new Error(`exec-credentials ${res.status}: ${body.message ?? ''}`);
  // Only what an SDK credential provider returns (its `expiration` would have to be a Date).
  const { accessKeyId, secretAccessKey, sessionToken, principalArn, region } = body;
  return { accessKeyId, secretAccessKey, sessionToken, principalArn, region };
}
