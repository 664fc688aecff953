/**
 * @module The console's resource pages in headless Chromium against a real vpce server: every kind made through
 * the SDK shows in its list (filtered, sorted) and on its page with links to related resources; tags edited on a
 * page are seen through the SDK (EC2 and ELBv2); refusals show the API's own code and message; the sidebar works
 * from the keyboard and on a narrow window. Any browser console error, page error or request leaving vpce fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AllocateAddressCommand, AttachInternetGatewayCommand, AttachVpnGatewayCommand, AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand, CreateManagedPrefixListCommand, CreateNatGatewayCommand, CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand,
  CreateVpcEndpointCommand, CreateVpcPeeringConnectionCommand, CreateVpnGatewayCommand, DescribeManagedPrefixListsCommand,
  DescribeSubnetsCommand, DescribeTagsCommand, DescribeVpcEndpointsCommand, GetManagedPrefixListEntriesCommand,
  DescribeVpcsCommand, ModifyVpcAttributeCommand, ReplaceNetworkAclAssociationCommand, DescribeNetworkAclsCommand, RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AddTagsCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand,
  DescribeTagsCommand as DescribeElbTagsCommand, RegisterTargetsCommand, type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const ACCOUNT = '135792468024';
const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

/** The first /64 of a VPC's /56 (the VPC's own prefix, written out in full). */
function firstSlash64(block: string): string {
  const [addr] = block.split('/');
  const [head = '', tail = ''] = addr!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

interface Made {
  vpc: string; peerVpc: string; subnetA: string; subnetB: string; igw: string; nat: string; vgw: string; pcx: string;
  acl: string; sg: string; instance: string; endpoint: string; endpointEni: string; customerList: string;
  lbArn: string; tgArn: string;
}

describe('console resource pages in the browser', { skip: skip ?? false }, () => {
  let h: Harness;
  let ec2: EC2Client;
  let elb: ElasticLoadBalancingV2Client;
  let b: ConsoleBrowser;
  let consoleUrl: string;
  const m = {} as Made;

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    elb = h.elbv2(ACCOUNT);
    b = await openConsole(h.url, ACCOUNT);
    consoleUrl = b.consoleUrl;

    // One of every kind, made through the SDK.
    m.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16', AmazonProvidedIpv6CidrBlock: true }))).Vpc!.VpcId!;
    const v6 = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [m.vpc] }))).Vpcs![0]!.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: m.vpc, EnableDnsHostnames: { Value: true } }));
    m.peerVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' }))).Vpc!.VpcId!;
    m.subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: m.vpc, CidrBlock: '10.40.1.0/24', AvailabilityZone: 'us-east-1b', Ipv6CidrBlock: firstSlash64(v6),
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'app-b' }] }] }))).Subnet!.SubnetId!;
    m.subnetB = (await ec2.send(new CreateSubnetCommand({ VpcId: m.vpc, CidrBlock: '10.40.2.0/28', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    m.igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: m.igw, VpcId: m.vpc }));
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    m.nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: m.subnetA, AllocationId: eip }))).NatGateway!.NatGatewayId!;
    m.vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: 64512 }))).VpnGateway!.VpnGatewayId!;
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: m.vgw, VpcId: m.vpc }));
    m.pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: m.vpc, PeerVpcId: m.peerVpc }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    m.acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: m.vpc }))).NetworkAcl!.NetworkAclId!;
    // Made out of order: the page orders them by rule number.
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: m.acl, RuleNumber: 200, Protocol: '6', PortRange: { From: 443, To: 443 }, CidrBlock: '10.0.0.0/8', RuleAction: 'allow', Egress: false }));
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: m.acl, RuleNumber: 100, Protocol: '-1', CidrBlock: '192.168.0.0/16', RuleAction: 'deny', Egress: false }));
    const assoc = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [m.subnetB] }] })))
      .NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === m.subnetB)!.NetworkAclAssociationId!;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: m.acl }));
    m.customerList = (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office-ranges', MaxEntries: 5, AddressFamily: 'IPv4',
      Entries: [{ Cidr: '203.0.113.0/24', Description: 'office' }] }))).PrefixList!.PrefixListId!;
    m.sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: m.vpc, GroupName: 'web', Description: 'web servers' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: m.sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: m.customerList }] }] }));
    m.instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: m.subnetA, SecurityGroupIds: [m.sg] }))).Instances![0]!.InstanceId!;
    await ec2.send(new CreateTagsCommand({ Resources: [m.instance], Tags: [{ Key: 'Name', Value: 'web-1' }] }));
    m.endpoint = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: m.vpc, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [m.subnetB], PrivateDnsEnabled: false }))).VpcEndpoint!.VpcEndpointId!;
    m.endpointEni = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [m.endpoint] }))).VpcEndpoints![0]!.NetworkInterfaceIds![0]!;
    m.lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'console-nlb', Type: 'network', Subnets: [m.subnetA, m.subnetB] }))).LoadBalancers![0]!.LoadBalancerArn!;
    m.tgArn = (await elb.send(new CreateTargetGroupCommand({ Name: 'console-tg', Protocol: 'TCP', Port: 80, VpcId: m.vpc, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: m.lbArn, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: m.tgArn }] }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: m.tgArn, Targets: [{ Id: '10.40.1.50', Port: 80 }] }));
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  /** No browser error or request outside vpce since the last check; `refusals` 400s were provoked on purpose. */
  function noProblems(refusals = 0): void {
    const refused = `console error: Failed to load resource: the server responded with a status of 400 (Bad Request) at ${h.url}/`;
    const problems = b.problems.splice(0);
    assert.deepEqual(problems.filter((x) => x !== refused), [], 'the browser reported errors or left vpce');
    assert.equal(problems.length, refusals, 'API refusals seen by the browser');
  }

  /** Open a list, filter it down to `query`, follow the link `linkName` and wait for the detail heading. */
  async function openFromList(kind: string, query: string, linkName: string, heading = linkName): Promise<void> {
    const p = b.page;
    await p.goto(`${consoleUrl}#/${kind}`);
    await p.getByRole('searchbox', { name: 'Filter' }).fill(query);
    const link = p.locator('main tbody').getByRole('link', { name: linkName, exact: true });
    await link.waitFor();
    await link.click();
    await p.getByRole('heading', { name: heading, exact: true, level: 1 }).waitFor();
    await p.locator('main dl.facts').first().waitFor();
  }

  const facts = (): Promise<string> => b.page.locator('dl.facts').first().innerText();

  it('lists and shows every kind made through the SDK, with links between related resources', async () => {
    const p = b.page;
    await openFromList('subnets', m.subnetA, m.subnetA);
    let f = await facts();
    assert.match(f, /app-b/);
    assert.match(f, /10\.40\.1\.0\/24/);
    const described = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [m.subnetA] }))).Subnets![0]!;
    const v6 = described.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
    assert.equal(/IPv6 CIDRs\s+(\S+)/.exec(f)?.[1], v6, 'the IPv6 CIDR as the API gives it');
    const free = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [m.subnetA] }))).Subnets![0]!.AvailableIpAddressCount!;
    assert.match(f, new RegExp(`Free IPv4 addresses\\s+${free}\\b`), 'free addresses as the API counts them');
    assert.equal(await p.locator('dl.facts').getByRole('link', { name: m.vpc }).count(), 1, 'links its VPC');
    assert.match(f, /Route table\s+rtb-[0-9a-f]+ \(the VPC's main table\)/);
    assert.match(f, /Network ACL\s+acl-/);
    await p.locator('dl.facts').getByRole('link', { name: /^acl-/ }).click();
    await p.getByRole('heading', { name: /^acl-/, level: 1 }).waitFor();
    await p.locator('main dl.facts').first().waitFor();
    assert.match(await facts(), new RegExp(m.subnetA), 'the default ACL lists the subnet');

    await openFromList('internet-gateways', m.igw, m.igw);
    f = await facts();
    assert.match(f, /State\s+attached/);
    assert.match(f, new RegExp(`VPC\\s+${m.vpc}`));

    await openFromList('nat-gateways', m.nat, m.nat);
    assert.match(await facts(), new RegExp(`Subnet\\s+${m.subnetA}`));
    assert.match(await p.locator('main tbody').first().innerText(), /eni-[0-9a-f]+/, 'its address and interface');

    await openFromList('vpn-gateways', m.vgw, m.vgw);
    assert.match(await facts(), /Amazon side ASN\s+64512/);
    assert.match(await p.locator('main tbody').first().innerText(), new RegExp(`${m.vpc}\\s+attached`));

    await openFromList('peering-connections', m.pcx, m.pcx);
    const page = await p.locator('main').innerText();
    assert.match(page, /Status\s+pending-acceptance/);
    assert.match(page, new RegExp(`Requester[\\s\\S]*${m.vpc}[\\s\\S]*Accepter[\\s\\S]*${m.peerVpc}`));

    await openFromList('instances', 'web-1', m.instance);
    f = await facts();
    assert.match(f, /Type\s+t3\.micro/);
    assert.match(f, new RegExp(`Security groups\\s+${m.sg} web`));
    await p.locator('dl.facts').getByRole('link', { name: /^eni-/ }).click();
    await p.getByRole('heading', { name: /^eni-/, level: 1 }).waitFor();
    await p.locator('main dl.facts').first().waitFor();
    assert.match(await facts(), new RegExp(`Belongs to\\s+Instance ${m.instance}`));

    await openFromList('load-balancers', 'console-nlb', 'console-nlb');
    f = await facts();
    assert.match(f, /Type\s+network/);
    assert.match(await p.locator('main').innerText(), /TCP\s+80\s+forward console-tg/, 'the listener forwards to the target group');
    await p.locator('main tbody').getByRole('link', { name: 'console-tg' }).first().click();
    await p.getByRole('heading', { name: 'console-tg', level: 1 }).waitFor();
    await p.locator('main dl.facts').first().waitFor();
    assert.match(await p.locator('main').innerText(), /10\.40\.1\.50\s+80/, 'the registered target and its health');
    assert.equal(await p.locator('dl.facts').getByRole('link', { name: 'console-nlb' }).count(), 1, 'links its load balancer');

    await openFromList('target-groups', 'console-tg', 'console-tg');
    assert.match(await facts(), /Protocol and port\s+TCP 80/);

    // The VPC's page links the rest of what is in it.
    await p.goto(`${consoleUrl}#/vpcs/${m.vpc}`);
    const related = p.locator('section[aria-labelledby="vpc-related-title"] dl');
    await related.waitFor();
    for (const id of [m.igw, m.nat, m.vgw, m.pcx, m.acl, m.sg, m.instance, 'console-nlb']) {
      assert.equal(await related.getByRole('link', { name: id, exact: true }).count(), 1, `the VPC page links ${id}`);
    }
    noProblems();
  });

  it('lists network ACL entries by rule number, inbound and outbound, with the final * deny', async () => {
    const p = b.page;
    await openFromList('network-acls', m.acl, m.acl);
    assert.match(await facts(), new RegExp(`Subnets\\s+${m.subnetB}`));
    const tables = p.locator('main .table-wrap');
    const inbound = (await tables.nth(0).locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    assert.deepEqual(inbound, [
      ['100', 'All', 'All', '192.168.0.0/16', 'Deny'],
      ['200', 'TCP', '443', '10.0.0.0/8', 'Allow'],
      ['*', 'All', 'All', '0.0.0.0/0', 'Deny'],
      ['*', 'All', 'All', '::/0', 'Deny'],
    ]);
    const outbound = (await tables.nth(1).locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    // AWS: an ACL in a VPC with an IPv6 block ends with a * deny for ::/0 as well.
    assert.deepEqual(outbound, [['*', 'All', 'All', '0.0.0.0/0', 'Deny'], ['*', 'All', 'All', '::/0', 'Deny']]);
    noProblems();
  });

  it('names what an interface belongs to (an endpoint) and links its subnet and groups', async () => {
    const p = b.page;
    await openFromList('network-interfaces', m.endpoint, m.endpointEni);
    const f = await facts();
    assert.match(f, new RegExp(`Belongs to\\s+VPC endpoint ${m.endpoint}`));
    assert.match(f, /Type\s+vpc_endpoint/);
    await p.locator('dl.facts').getByRole('link', { name: m.endpoint }).waitFor();
    await p.locator('dl.facts').getByRole('link', { name: m.subnetB }).click();
    await p.getByRole('heading', { name: m.subnetB, level: 1 }).waitFor();
    await p.locator('main dl.facts').first().waitFor();
    assert.match(await p.locator('main tbody').first().innerText(), new RegExp(m.endpointEni), 'the subnet lists its interfaces');
    noProblems();
  });

  it('shows AWS\'s prefix lists with their CIDRs and the account\'s own, and names a customer list in a rule', async () => {
    const p = b.page;
    const s3 = (await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.us-east-1.s3'] }] }))).PrefixLists![0]!;
    const cidrs = (await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: s3.PrefixListId! }))).Entries!.map((e) => e.Cidr!);
    assert.ok(cidrs.length > 0);
    await openFromList('prefix-lists', 'com.amazonaws.us-east-1.s3', s3.PrefixListId!);
    assert.match(await facts(), /Owner\s+AWS/);
    const shown = await p.locator('main tbody').first().innerText();
    for (const c of cidrs) assert.ok(shown.includes(c), `${c} shown`);

    await openFromList('prefix-lists', 'office', m.customerList);
    assert.match(await facts(), new RegExp(`Owner\\s+${ACCOUNT}`));
    assert.match(await p.locator('main tbody').first().innerText(), /203\.0\.113\.0\/24\s+office/);

    await p.goto(`${consoleUrl}#/security-groups/${m.sg}`);
    await p.getByRole('heading', { name: 'Inbound rules' }).waitFor();
    assert.match(await p.locator('main .table-wrap').first().innerText(), new RegExp(`TCP\\s+22\\s+${m.customerList} office-ranges`));
    noProblems();
  });

  it('filters and sorts a list: subnets by zone at first, by free addresses on a header click, by keyboard too', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/subnets`);
    const search = p.getByRole('searchbox', { name: 'Filter' });
    await search.fill(m.vpc);
    await p.locator('main tbody tr').nth(1).waitFor();
    const ids = async (): Promise<string[]> => (await p.locator('main tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(await ids(), [m.subnetB, m.subnetA], 'us-east-1a first');
    const free = p.getByRole('button', { name: 'Free addresses' });
    await free.click();
    assert.equal(await p.locator('th', { has: free }).getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await ids(), [m.subnetB, m.subnetA], 'a /28 has fewer free addresses than a /24');
    await free.focus();
    await p.keyboard.press('Enter');
    assert.equal(await p.locator('th', { has: free }).getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await ids(), [m.subnetA, m.subnetB]);
    await search.fill('app-b');
    assert.deepEqual(await ids(), [m.subnetA], 'filtered by Name');
    await search.fill('no-such-subnet');
    assert.match(await p.locator('main tbody').first().innerText(), /Nothing to show/);
    noProblems();
  });

  it('edits tags on an EC2 resource and on a load balancer; the SDK sees them', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/internet-gateways/${m.igw}`);
    await p.getByRole('button', { name: 'Edit tags' }).click();
    await p.getByRole('button', { name: 'Add tag' }).click();
    await p.fill('input[name="tag-key-0"]', 'Name');
    await p.fill('input[name="tag-value-0"]', 'edge');
    await p.getByRole('button', { name: 'Save tags' }).click();
    await p.getByRole('button', { name: 'Edit tags' }).waitFor();
    const tags = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [m.igw] }] }))).Tags!;
    assert.deepEqual(tags.map((t) => [t.Key, t.Value]), [['Name', 'edge']]);
    // The page reloads the gateway after saving: the new Name shows once that answer is drawn.
    // (hasText matches text content, where a term and its value run together: `Nameedge`.)
    await p.locator('dl.facts', { hasText: 'Nameedge' }).first().waitFor();
    assert.match(await facts(), /Name\s+edge/);

    await elb.send(new AddTagsCommand({ ResourceArns: [m.lbArn], Tags: [{ Key: 'old', Value: '1' }] }));
    await p.goto(`${consoleUrl}#/load-balancers/${encodeURIComponent(m.lbArn)}`);
    await p.getByRole('button', { name: 'Edit tags' }).click();
    await p.getByRole('button', { name: 'Remove tag old' }).click();
    await p.getByRole('button', { name: 'Add tag' }).click();
    await p.fill('input[name="tag-key-0"]', 'team');
    await p.fill('input[name="tag-value-0"]', 'network');
    await p.getByRole('button', { name: 'Save tags' }).click();
    await p.getByRole('button', { name: 'Edit tags' }).waitFor();
    const lbTags = (await elb.send(new DescribeElbTagsCommand({ ResourceArns: [m.lbArn] }))).TagDescriptions![0]!.Tags!;
    assert.deepEqual(lbTags.map((t) => [t.Key, t.Value]), [['team', 'network']]);
    noProblems();
  });

  it('shows a refused change and an unknown id as the API words them', async () => {
    const p = b.page;
    // The same refusals asked of the SDK: the page must show exactly these codes and messages.
    const ec2Refusal = await ec2.send(new CreateTagsCommand({ Resources: [m.subnetA], Tags: [{ Key: 'aws:owner', Value: 'x' }] })).then(() => undefined, (e: Error) => e);
    const elbRefusal = await elb.send(new AddTagsCommand({ ResourceArns: [m.tgArn], Tags: [{ Key: 'aws:owner', Value: 'x' }] })).then(() => undefined, (e: Error) => e);
    assert.ok(ec2Refusal !== undefined && elbRefusal !== undefined, 'both APIs refuse an aws: tag key');

    await p.goto(`${consoleUrl}#/subnets/${m.subnetA}`);
    await p.getByRole('button', { name: 'Edit tags' }).click();
    await p.getByRole('button', { name: 'Add tag' }).click();
    await p.fill('input[name="tag-key-1"]', 'aws:owner');
    await p.fill('input[name="tag-value-1"]', 'x');
    await p.getByRole('button', { name: 'Save tags' }).click();
    let alert = p.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('.code').innerText(), ec2Refusal.name);
    assert.equal(await alert.locator('.message').innerText(), ec2Refusal.message);

    await p.goto(`${consoleUrl}#/target-groups/${encodeURIComponent(m.tgArn)}`);
    await p.getByRole('button', { name: 'Edit tags' }).click();
    await p.getByRole('button', { name: 'Add tag' }).click();
    await p.fill('input[name="tag-key-0"]', 'aws:owner');
    await p.fill('input[name="tag-value-0"]', 'x');
    await p.getByRole('button', { name: 'Save tags' }).click();
    alert = p.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('.code').innerText(), elbRefusal.name);
    assert.equal(await alert.locator('.message').innerText(), elbRefusal.message);

    const missing = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })).then(() => undefined, (e: Error) => e);
    assert.ok(missing !== undefined);
    await p.goto(`${consoleUrl}#/subnets/subnet-0123456789abcdef0`);
    alert = p.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('.code').innerText(), missing.name);
    assert.equal(await alert.locator('.message').innerText(), missing.message);
    noProblems(3);
  });

  it('reaches every kind from the sidebar by keyboard; fits 1280x800 and a narrow window in both themes', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/vpcs`);
    const side = p.getByRole('navigation', { name: 'Resource kinds' });
    const kinds = ['vpcs', 'subnets', 'route-tables', 'internet-gateways', 'nat-gateways', 'peering-connections', 'prefix-lists', 'endpoints', 'endpoint-services',
      'network-acls', 'security-groups', 'vpn-gateways', 'instances', 'network-interfaces', 'load-balancers', 'target-groups'];
    assert.deepEqual(await side.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), kinds.map((k) => `#/${k}`));
    await side.getByRole('link', { name: 'Network ACLs' }).focus();
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await p.waitForURL(/#\/security-groups$/);
    await side.locator('a[aria-current="page"][href="#/security-groups"]').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await p.emulateMedia({ colorScheme: scheme });
      for (const k of kinds.filter((x) => x !== 'endpoints')) {
        await p.goto(`${consoleUrl}#/${k}`);
        await p.getByRole('searchbox', { name: 'Filter' }).waitFor();
        assert.equal(await p.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, `${k} has no page-wide scroll at 1280 (${scheme})`);
      }
    }
    await p.setViewportSize({ width: 390, height: 800 });
    await p.goto(`${consoleUrl}#/network-interfaces`);
    await p.getByRole('searchbox', { name: 'Filter' }).waitFor();
    assert.equal(await p.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, 'no page-wide scroll at 390 px');
    const toggle = side.getByRole('button', { name: /Resources/ });
    assert.equal(await side.getByRole('link', { name: 'Instances' }).isVisible(), false, 'folded on a narrow window');
    await toggle.focus();
    await p.keyboard.press('Enter');
    await side.getByRole('link', { name: 'Instances' }).waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await side.getByRole('link', { name: 'Instances' }).click();
    await p.waitForURL(/#\/instances$/);
    await p.getByRole('heading', { name: 'Instances', level: 1 }).waitFor();
    // Folds again after choosing (the menu closes once the new page is shown).
    await side.getByRole('link', { name: 'Instances' }).waitFor({ state: 'hidden' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await p.setViewportSize({ width: 1280, height: 800 });
    await p.emulateMedia({ colorScheme: null });
    noProblems();
  });
});
