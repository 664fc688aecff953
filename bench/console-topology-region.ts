/**
 * @module Console benchmark, whole-Region topology: an account with 100 VPCs and 1,000 subnets (ten per VPC over
 * three zones, a public route table to an internet gateway, an S3 gateway endpoint, peerings between neighbours),
 * and the time from navigation to the first frame showing every subnet of `#/topology` drawn, measured in the page,
 * over several loads, with the machine's load average (target < 1 s).
 */
import { loadavg } from 'node:os';
import {
  AcceptVpcPeeringConnectionCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand,
  CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
  CreateVpcPeeringConnectionCommand, DescribeVpcsCommand, paginateDescribeSubnets, type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Harness } from '../test/e2e/harness.js';
import type { Browser } from '../test/e2e/browser.js';

const ACCOUNT = '246813579024';
const VPCS = 100;
const SUBNETS_PER_VPC = 10;
const RUNS = 6;
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const TARGET_MS = 1000;

/** Run `f` on each of `xs`, `width` at a time (the server is one process: a few calls in flight are enough). */
async function pool<T>(xs: readonly T[], width: number, f: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < xs.length) { const i = next++; await f(xs[i]!, i); }
  }));
}

async function buildVpc(ec2: EC2Client, i: number): Promise<string> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  for (let s = 0; s < SUBNETS_PER_VPC; s++) {
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${i}.${s}.0/24`, AvailabilityZone: AZS[s % AZS.length] }))).Subnet!.SubnetId!;
    if (s % 2 === 0) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: subnet }));
  }
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway', RouteTableIds: [rt] }));
  return vpc;
}

function range(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms`;
}

/** The account of 100 VPCs and 1,000 subnets; its id. */
export async function buildRegion(h: Harness): Promise<string> {
  const ec2 = h.ec2(ACCOUNT);
  const vpcs: string[] = new Array<string>(VPCS);
  await pool(Array.from({ length: VPCS }, (_, i) => i), 4, async (i) => { vpcs[i] = await buildVpc(ec2, i); });
  // Neighbours peered: 50 peering connections, each accepted.
  await pool(Array.from({ length: VPCS / 2 }, (_, i) => i), 4, async (i) => {
    const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpcs[2 * i]!, PeerVpcId: vpcs[2 * i + 1]! }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
  });
  return ACCOUNT;
}

export async function regionTopologyFirstPaint(h: Harness, b: Browser): Promise<void> {
  const ec2 = h.ec2(ACCOUNT);
  const started = Date.now();
  await buildRegion(h);
  const allVpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
  let subnets = 0;
  for await (const page of paginateDescribeSubnets({ client: ec2 }, {})) subnets += page.Subnets?.length ?? 0;
  console.log(`whole-Region topology: ${allVpcs} VPCs (the account's default one included), ${subnets} subnets (the default VPC's included), ${VPCS} internet gateways and S3 gateway endpoints, ${VPCS / 2} peerings (built in ${((Date.now() - started) / 1000).toFixed(0)} s)`);

  // A page of its own, so the other measurements' scripts do not run in it.
  const page = await b.context.newPage();
  try {
    await page.addInitScript({ content: `localStorage.setItem('vpce.console.account', '${ACCOUNT}'); localStorage.setItem('vpce.console.region', 'us-east-1');` });
    await page.addInitScript({ content: `window.__vpceRegion = new Promise((resolve) => {
      const check = () => document.querySelectorAll('.diagram-canvas g[data-kind="subnet"]').length >= ${subnets}
        ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check);
      requestAnimationFrame(check);
    });` });
    const phases = async (): Promise<[number, number, number]> => await page.evaluate(`[
      performance.getEntriesByName('vpce-topology-api')[0]?.startTime ?? 0, performance.getEntriesByName('vpce-topology-grid')[0]?.startTime ?? 0,
      document.querySelectorAll('svg *').length]`) as [number, number, number];
    const load: number[] = [loadavg()[0]!];
    const painted: number[] = [];
    const api: number[] = [];
    let elements = 0;
    for (let i = 0; i < RUNS; i++) {
      // A new document each time (a query changes, so it is not a hash change in the open one).
      await page.goto(`${h.url}/_vpce/console/?region-bench=${i}#/topology`);
      painted.push(Number(await page.evaluate('window.__vpceRegion')));
      const [a, , n] = await phases();
      api.push(a);
      elements = n;
      load.push(loadavg()[0]!);
    }
    const median = [...painted].sort((x, y) => x - y)[Math.floor(RUNS / 2)]!;
    console.log(`  first paint of every subnet (containment grid in the page, no ELK; ${elements} SVG elements; load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}, 2 cores shared):`);
    console.log(`  ${range(painted)} over ${RUNS} loads (first one cold); API answered at ${range(api)}; target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'MISSED'} (median)`);
  } finally {
    await page.close();
  }
}
