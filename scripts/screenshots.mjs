// Screenshots of the web console for the README and docs: the Create endpoint wizard, a VPC's topology and the
// path explorer, taken in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against a vpce
// server started here in memory with a small network built through the AWS SDK. Needs `npm run build` first.
//   node scripts/screenshots.mjs [outdir]     (default docs/images)
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateNatGatewayCommand,
  CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand,
  CreateVpcEndpointCommand, DescribeRouteTablesCommand, ModifyVpcAttributeCommand, ModifyVpcEndpointCommand,
  RunInstancesCommand, AllocateAddressCommand,
} from '@aws-sdk/client-ec2';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startHarness } = await import(join(root, 'dist/test/e2e/harness.js'));
const { openBrowser } = await import(join(root, 'dist/test/e2e/browser.js'));
const out = resolve(process.argv[2] ?? join(root, 'docs/images'));
mkdirSync(out, { recursive: true });

const ACCOUNT = '123456789012';
const h = await startHarness();
const ec2 = h.ec2(ACCOUNT);
const name = (id, value) => ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: value }] }));

// A small network: two Availability Zones, a public and a private subnet in each, an internet gateway, a NAT
// gateway, an S3 gateway endpoint whose policy allows one bucket only, an SQS interface endpoint, an instance.
const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc.VpcId;
await name(vpc, 'shop');
await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsSupport: { Value: true } }));
await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
const subnet = async (cidr, az, label) => {
  const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet.SubnetId;
  await name(id, label);
  return id;
};
const pubA = await subnet('10.0.0.0/24', 'us-east-1a', 'public-a');
const privA = await subnet('10.0.10.0/24', 'us-east-1a', 'private-a');
const pubB = await subnet('10.0.1.0/24', 'us-east-1b', 'public-b');
const privB = await subnet('10.0.11.0/24', 'us-east-1b', 'private-b');
const mainRt = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).RouteTables[0].RouteTableId;
const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway.InternetGatewayId;
await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable.RouteTableId;
await name(publicRt, 'public');
await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
for (const s of [pubA, pubB]) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: s }));
const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId;
const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pubA, AllocationId: eip }))).NatGateway.NatGatewayId;
await ec2.send(new CreateRouteCommand({ RouteTableId: mainRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
const s3 = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [mainRt] }))).VpcEndpoint.VpcEndpointId;
await ec2.send(new ModifyVpcEndpointCommand({
  VpcEndpointId: s3,
  PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyAssets', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::shop-assets', 'arn:aws:s3:::shop-assets/*'] }] }),
}));
await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [privA, privB] }));
const instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: privA }))).Instances[0].InstanceId;
await name(instance, 'web-1');

const b = await openBrowser(h.url, { width: 1280, height: 800 });
const console_ = `${h.url}/_vpce/console/`;
try {
  await b.page.emulateMedia({ colorScheme: 'light' });
  await b.page.addInitScript({ content: `localStorage.setItem('vpce.console.account', '${ACCOUNT}'); localStorage.setItem('vpce.console.region', 'us-east-1');` });
  const p = b.page;

  // The wizard: a second S3 gateway endpoint, for the public subnets' route table (the main table has one already,
  // and a table takes one endpoint per service: the live check would show the API's RouteAlreadyExists).
  await p.goto(`${console_}#/endpoints/create`);
  await p.getByRole('heading', { name: 'Create endpoint' }).waitFor();
  await p.fill('input[name="name-tag"]', 'shop-s3');
  await p.fill('input[name="service-search"]', 's3');
  await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.s3 (Gateway)' }).check();
  await p.selectOption('select[name="vpc"]', vpc);
  await p.getByRole('checkbox', { name: publicRt }).check();
  await p.locator('.check.ok').waitFor();
  // Checking the boxes scrolled the page; from the top, the sidebar (sticky) sits where a reader expects it.
  await p.evaluate('window.scrollTo(0, 0)');
  await p.screenshot({ path: join(out, 'console-wizard.png'), fullPage: true });

  // The topology of the VPC.
  await p.goto(`${console_}#/topology/${vpc}`);
  await p.locator('.diagram-canvas g[data-kind="subnet"]').first().waitFor();
  // The first drawing is the page's grid; the screenshot shows ELK's layout, which replaces it.
  await p.locator('.topology-view[data-layout="elk"]').waitFor();
  await p.screenshot({ path: join(out, 'console-topology.png') });

  // The path explorer: the instance to a bucket the endpoint policy does not allow, stopped red at the policy.
  await p.setViewportSize({ width: 1280, height: 1000 });
  await p.goto(`${console_}#/path?from=${instance}&to=${encodeURIComponent('s3://shop-reports/2026/q3.csv')}`);
  await p.locator('.diagram-canvas g[data-hop]').first().waitFor();
  await p.locator('g[data-id="hop:destination"] > :is(a, g)').hover();
  await p.evaluate('window.scrollTo(0, 0)');
  // The form, the outcome, the drawing and the first hops: the top of the page.
  await p.screenshot({ path: join(out, 'console-path-explorer.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });
  if (b.problems.length > 0) throw new Error(`browser problems: ${b.problems.join('; ')}`);
  console.log(`screenshots in ${out}: console-wizard.png, console-topology.png, console-path-explorer.png`);
} finally {
  await b.close();
  await h.close();
}
