/**
 * @module The web console in headless Chromium against a real vpce server: the Create endpoint wizard makes gateway
 * and interface endpoints (checked through the EC2 API), a refused submission shows AWS's own message, a change
 * made through the SDK shows after a reload, delete works from the detail page. Any browser console error, page
 * error or request leaving vpce fails the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthorizeSecurityGroupEgressCommand, CreateRouteTableCommand, CreateSecurityGroupCommand, CreateSubnetCommand,
  CreateVpcCommand, CreateVpcEndpointCommand, DescribeNetworkInterfacesCommand, DescribePrefixListsCommand,
  DescribeRouteTablesCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, ModifyVpcAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const ACCOUNT = '246813579135';
const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

describe('console in the browser', { skip: skip ?? false }, () => {
  let h: Harness;
  let ec2: EC2Client;
  let b: ConsoleBrowser;
  let consoleUrl: string;

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    b = await openConsole(h.url, ACCOUNT);
    consoleUrl = b.consoleUrl;
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  async function vpc(cidr: string, dns: boolean): Promise<string> {
    const id = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
    if (dns) {
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsSupport: { Value: true } }));
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } }));
    }
    return id;
  }

  async function mainRouteTable(vpcId: string): Promise<string> {
    const rts = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    return rts.RouteTables![0]!.RouteTableId!;
  }

  /**
   * No browser console error, page error or request outside vpce since the last check; `refusals` API calls the
   * test provoked on purpose are expected (Chromium logs each 4xx answer to a fetch as a console error).
   */
  function noProblems(refusals = 0): void {
    const refused = `console error: Failed to load resource: the server responded with a status of 400 (Bad Request) at ${h.url}/`;
    const problems = b.problems.splice(0);
    assert.deepEqual(problems.filter((x) => x !== refused), [], 'the browser reported errors or left vpce');
    assert.equal(problems.length, refusals, 'API refusals seen by the browser');
  }

  async function openWizard(): Promise<void> {
    await b.page.goto(`${consoleUrl}#/endpoints/create`);
    await b.page.getByRole('heading', { name: 'Create endpoint' }).waitFor();
  }

  it('creates a gateway endpoint through the wizard; its pl-… → vpce-… route appears, managed by the endpoint', async () => {
    const vpcId = await vpc('10.11.0.0/16', false);
    const rt = await mainRouteTable(vpcId);
    await openWizard();
    const p = b.page;
    await p.fill('input[name="name-tag"]', 'console-s3');
    await p.fill('input[name="service-search"]', 's3');
    await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.s3 (Gateway)' }).check();
    await p.selectOption('select[name="vpc"]', vpcId);
    await p.getByRole('checkbox', { name: rt }).check();
    await p.getByRole('button', { name: 'Create endpoint' }).click();
    await p.waitForURL(/#\/endpoints\/vpce-[0-9a-f]+$/);
    const id = /#\/endpoints\/(vpce-[0-9a-f]+)$/.exec(p.url())![1]!;
    await p.getByRole('heading', { name: 'Route tables', exact: true }).waitFor();
    assert.match(await p.locator('.card').innerText(), new RegExp(`pl-[0-9a-f]+ → ${id}`));

    // Confirmed through the EC2 API: the route exists, made by the endpoint.
    const route = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!.Routes!.find((r) => r.GatewayId === id);
    assert.ok(route, 'the endpoint route is in the route table');
    assert.match(route.DestinationPrefixListId ?? '', /^pl-/);
    assert.equal(route.Origin, 'CreateVpcEndpoint');
    const ep = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
    assert.deepEqual(ep.Tags, [{ Key: 'Name', Value: 'console-s3' }]);

    // The route table page marks the route as the endpoint's, not editable.
    await p.getByRole('link', { name: rt }).click();
    await p.getByRole('heading', { name: 'Routes' }).waitFor();
    const managed = await p.locator('tr.managed').innerText();
    assert.match(managed, new RegExp(`Managed by ${id}`));
    assert.match(managed, /com\.amazonaws\.us-east-1\.s3/, 'the prefix list is named');
    noProblems();
  });

  it('creates an interface endpoint with one subnet per AZ; its ENIs and addresses show', async () => {
    const vpcId = await vpc('10.12.0.0/16', true);
    const a = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.12.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const c = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.12.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
    await openWizard();
    const p = b.page;
    await p.fill('input[name="service-search"]', 'sqs');
    await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.sqs (Interface)' }).check();
    await p.selectOption('select[name="vpc"]', vpcId);
    await p.selectOption('select[name="subnet-us-east-1a"]', a);
    await p.selectOption('select[name="subnet-us-east-1b"]', c);
    assert.equal(await p.getByRole('note').count(), 0, 'no DNS prerequisite note when the VPC has both attributes');
    await p.getByRole('button', { name: 'Create endpoint' }).click();
    await p.waitForURL(/#\/endpoints\/vpce-[0-9a-f]+$/);
    const id = /#\/endpoints\/(vpce-[0-9a-f]+)$/.exec(p.url())![1]!;
    await p.getByRole('heading', { name: 'Network interfaces' }).waitFor();

    const eniIds = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!.NetworkInterfaceIds!;
    const enis = (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: eniIds }))).NetworkInterfaces!;
    assert.equal(enis.length, 2);
    const table = await p.locator('section[aria-labelledby="enis-title"] tbody').innerText();
    for (const eni of enis) {
      assert.ok(table.includes(eni.NetworkInterfaceId!), `${eni.NetworkInterfaceId} listed`);
      assert.ok(table.includes(eni.PrivateIpAddress!), `${eni.PrivateIpAddress} listed`);
      assert.ok(table.includes(eni.SubnetId!), `${eni.SubnetId} listed`);
    }
    // Private DNS names with copy buttons.
    await p.getByRole('button', { name: 'Copy sqs.us-east-1.amazonaws.com' }).waitFor();
    noProblems();
  });

  it('explains the DNS prerequisite ahead, and shows AWS\'s own refusal when submitted anyway', async () => {
    const vpcId = await vpc('10.13.0.0/16', false);
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.13.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    await openWizard();
    const p = b.page;
    await p.fill('input[name="service-search"]', 'sqs');
    await p.getByRole('radio', { name: 'com.amazonaws.us-east-1.sqs (Interface)' }).check();
    await p.selectOption('select[name="vpc"]', vpcId);
    await p.selectOption('select[name="subnet-us-east-1a"]', s);
    assert.match(await p.getByRole('note').innerText(), /enableDnsHostnames/);
    await p.getByRole('button', { name: 'Create endpoint' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    // AWS: private DNS needs both VPC DNS attributes; the API's code and message, word for word.
    assert.equal(await alert.locator('.code').innerText(), 'InvalidParameter');
    assert.equal(await alert.locator('.message').innerText(), `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`);
    assert.match(p.url(), /#\/endpoints\/create$/, 'the form stays, with what was entered');
    const eps = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.equal(eps.VpcEndpoints!.length, 0, 'nothing was created');
    noProblems(1);
  });

  it('shows after a reload an endpoint made through the SDK, filters the list, and deletes it from its page', async () => {
    const vpcId = await vpc('10.14.0.0/16', false);
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.getByRole('heading', { name: 'Endpoints' }).waitFor();
    await p.getByText(/\d+ of \d+ endpoints/).waitFor();
    const made = (await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb', VpcEndpointType: 'Gateway',
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'from-sdk' }] }],
    }))).VpcEndpoint!.VpcEndpointId!;
    assert.equal(await p.getByRole('link', { name: made }).count(), 0, 'not there before the reload');
    await p.reload();
    await p.getByRole('link', { name: made }).waitFor();
    await p.getByRole('searchbox', { name: 'Filter' }).fill('from-sdk');
    assert.equal(await p.locator('tbody tr').count(), 1);
    await p.getByRole('link', { name: made }).click();
    await p.getByRole('heading', { name: made }).waitFor();
    assert.match(await p.getByLabel('Endpoint policy').innerText(), /"Effect": "Allow"/);
    await p.getByRole('button', { name: 'Delete endpoint' }).click();
    await p.getByRole('button', { name: 'Confirm delete' }).click();
    await p.waitForURL(/#\/endpoints$/);
    const left = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    assert.ok(left.VpcEndpoints!.every((e) => String(e.State).toLowerCase() === 'deleted'), 'deleted through the API');
    noProblems();
  });

  it('edits an endpoint policy: an invalid document shows the API\'s refusal, a valid one is saved', async () => {
    const vpcId = await vpc('10.15.0.0/16', false);
    const id = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway' }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/${id}`);
    await p.getByRole('button', { name: 'Edit policy' }).click();
    await p.fill('textarea[name="policy"]', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }));
    await p.getByRole('button', { name: 'Save policy' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    // AWS: an endpoint policy statement needs a Principal; the API's words, unchanged.
    assert.equal(await alert.locator('.code').innerText(), 'InvalidPolicyDocument');
    assert.equal(await alert.locator('.message').innerText(), 'The Policy Document is not valid. Missing required field Principal');
    const good = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::console-bucket/*' }] };
    await p.fill('textarea[name="policy"]', JSON.stringify(good));
    await p.getByRole('button', { name: 'Save policy' }).click();
    // Wait for the saved document itself: the button alone could be found before the page's reload is drawn.
    await p.getByLabel('Endpoint policy').filter({ hasText: 'console-bucket' }).waitFor();
    assert.match(await p.getByLabel('Endpoint policy').innerText(), /console-bucket/);
    const saved = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!.PolicyDocument!;
    assert.deepEqual(JSON.parse(saved), good);
    noProblems(1);
  });

  it('is usable by keyboard, follows the system theme, fits a narrow window, and shows a by-name lookup refusal', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.getByText(/\d+ of \d+ endpoints/).waitFor();
    // Sorting by keyboard: the column header is a real button.
    const typeHeader = p.getByRole('columnheader', { name: 'Type' });
    assert.equal(await typeHeader.getAttribute('aria-sort'), 'none');
    await p.getByRole('button', { name: 'Type', exact: true }).focus();
    await p.keyboard.press('Enter');
    assert.equal(await typeHeader.getAttribute('aria-sort'), 'ascending');
    await p.keyboard.press('Space');
    assert.equal(await typeHeader.getAttribute('aria-sort'), 'descending');

    // Themes from prefers-color-scheme.
    const background = (): Promise<string> => p.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
    await p.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await p.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    assert.notEqual(light, dark);
    assert.equal(dark, 'rgb(15, 20, 25)');

    // A narrow window: no page-wide horizontal scrolling on the list, the wizard or a detail page.
    await p.setViewportSize({ width: 390, height: 800 });
    try {
      for (const route of ['#/endpoints', '#/endpoints/create', '#/route-tables']) {
        await p.goto(`${consoleUrl}${route}`);
        await p.locator('h1').first().waitFor();
        await p.waitForLoadState('networkidle');
        const overflow = await p.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number;
        assert.ok(overflow <= 0, `${route} overflows a 390 px window by ${overflow} px`);
      }
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
      await p.emulateMedia({ colorScheme: null });
    }

    // An endpoint service looked up by name that does not exist: DescribeVpcEndpointServices' own refusal.
    await openWizard();
    await p.getByRole('radio', { name: 'Endpoint services by name (PrivateLink)' }).check();
    const missing = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
    await p.fill('input[name="service-name"]', missing);
    await p.getByRole('button', { name: 'Verify service' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('.code').innerText(), 'InvalidServiceName');
    assert.equal(await alert.locator('.message').innerText(), `The Vpc Endpoint Service '${missing}' does not exist`);
    noProblems(1);
  });

  it('moves a gateway endpoint to another route table, and shows the refusal of a second subnet in one AZ', async () => {
    const vpcId = await vpc('10.16.0.0/16', true);
    const main = await mainRouteTable(vpcId);
    const other = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    const gw = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway', RouteTableIds: [main] }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/${gw}`);
    await p.getByRole('button', { name: 'Manage route tables' }).click();
    await p.getByRole('checkbox', { name: main }).uncheck();
    await p.getByRole('checkbox', { name: other }).check();
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('link', { name: other }).waitFor();
    const routes = async (rt: string): Promise<string[]> => ((await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rt] }))).RouteTables![0]!.Routes ?? []).map((r) => r.GatewayId ?? '');
    assert.ok((await routes(other)).includes(gw), 'the route is in the new table');
    assert.ok(!(await routes(main)).includes(gw), 'and gone from the old one');

    const a1 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.16.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const a2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.16.2.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const ifc = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [a1] }))).VpcEndpoint!.VpcEndpointId!;
    await p.goto(`${consoleUrl}#/endpoints/${ifc}`);
    await p.getByRole('button', { name: 'Manage subnets, security groups and private DNS' }).click();
    await p.getByRole('checkbox', { name: a2 }).check();
    await p.getByRole('button', { name: 'Save changes' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    // AWS: an interface endpoint has at most one subnet per Availability Zone.
    assert.equal(await alert.locator('.code').innerText(), 'DuplicateSubnetsInSameZone');
    assert.match(await alert.locator('.message').innerText(), /^Found another VPC endpoint subnet in the availability zone of subnet-/);
    const ep = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ifc] }))).VpcEndpoints![0]!;
    assert.deepEqual(ep.SubnetIds, [a1], 'nothing changed');
    noProblems(1);
  });

  it('turns an interface endpoint\'s private DNS on after creation (ModifyVpcEndpoint PrivateDnsEnabled)', async () => {
    const vpcId = await vpc('10.18.0.0/16', true);
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.18.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const ifc = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [s], PrivateDnsEnabled: false }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/${ifc}`);
    await p.getByRole('button', { name: 'Manage subnets, security groups and private DNS' }).click();
    const box = p.getByRole('checkbox', { name: 'Enable private DNS name' });
    assert.equal(await box.isChecked(), false, 'the form starts from the endpoint\'s setting');
    await box.check();
    await p.getByRole('button', { name: 'Save changes' }).click();
    await p.getByRole('button', { name: 'Manage subnets, security groups and private DNS' }).waitFor();
    const ep = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ifc] }))).VpcEndpoints![0]!;
    assert.equal(ep.PrivateDnsEnabled, true);
    noProblems();
  });

  it('edits an endpoint\'s tags with CreateTags and DeleteTags', async () => {
    const vpcId = await vpc('10.17.0.0/16', false);
    const id = (await ec2.send(new CreateVpcEndpointCommand({
      VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.s3', VpcEndpointType: 'Gateway',
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 'old' }, { Key: 'drop', Value: 'me' }] }],
    }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints/${id}`);
    await p.getByRole('button', { name: 'Edit tags' }).click();
    await p.fill('input[name="tag-value-0"]', 'new');
    await p.getByRole('button', { name: 'Remove tag drop' }).click();
    await p.getByRole('button', { name: 'Add tag' }).click();
    await p.fill('input[name="tag-key-1"]', 'team');
    await p.fill('input[name="tag-value-1"]', 'network');
    await p.getByRole('button', { name: 'Save tags' }).click();
    await p.getByRole('button', { name: 'Edit tags' }).waitFor();
    const tags = (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!.Tags!;
    assert.deepEqual([...tags].sort((x, y) => x.Key!.localeCompare(y.Key!)), [{ Key: 'Name', Value: 'new' }, { Key: 'team', Value: 'network' }]);
    // The page reloads the endpoint after saving: the new tags show once that answer is drawn.
    // (hasText matches text content, where a row's cells run together: `teamnetwork`.)
    await p.locator('section[aria-labelledby="tags-title"] tbody tr', { hasText: 'teamnetwork' }).waitFor();
    assert.match(await p.locator('section[aria-labelledby="tags-title"] tbody').innerText(), /team\s+network/);
    assert.doesNotMatch(await p.locator('section[aria-labelledby="tags-title"] tbody').innerText(), /drop\s+me/);
    noProblems();
  });

  it('shows a VPC with its subnets by AZ and their free addresses, and its endpoints', async () => {
    const vpcId = await vpc('10.18.0.0/16', true);
    const s1 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.18.1.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
    const s2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.18.2.0/28', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const ep = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [s1] }))).VpcEndpoint!.VpcEndpointId!;
    const p = b.page;
    await p.goto(`${consoleUrl}#/vpcs`);
    await p.getByRole('link', { name: vpcId }).click();
    await p.getByRole('heading', { name: 'Subnets' }).waitFor();
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s1, s2] }))).Subnets!;
    const rows = await p.locator('tbody tr').allInnerTexts();
    // Sorted by zone: us-east-1a first.
    assert.match(rows[0]!, new RegExp(`us-east-1a\\s+${s2}`));
    for (const s of subnets) {
      const row = rows.find((r) => r.includes(s.SubnetId!));
      assert.ok(row?.includes(`\t${s.AvailableIpAddressCount}\t`), `${s.SubnetId} shows ${s.AvailableIpAddressCount} free addresses: ${row}`);
    }
    await p.getByRole('link', { name: ep }).waitFor();
    noProblems();
  });

  it('shows a security group\'s rules with a prefix-list destination named by its service', async () => {
    const vpcId = await vpc('10.19.0.0/16', false);
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'to-s3', Description: 'reaches S3' }))).GroupId!;
    const { PrefixLists } = await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.us-east-1.s3'] }] }));
    const plId = PrefixLists![0]!.PrefixListId!;
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: plId, Description: 'S3 over HTTPS' }] }] }));
    const p = b.page;
    await p.goto(`${consoleUrl}#/security-groups`);
    await p.getByRole('searchbox', { name: 'Filter' }).fill('to-s3');
    await p.getByRole('link', { name: sg }).click();
    await p.getByRole('heading', { name: 'Outbound rules' }).waitFor();
    const outbound = await p.locator('.table-wrap').nth(1).innerText();
    assert.match(outbound, new RegExp(`TCP\\s+443\\s+${plId} com\\.amazonaws\\.us-east-1\\.s3\\s+S3 over HTTPS`));
    noProblems();
  });
});
