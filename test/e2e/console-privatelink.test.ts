/**
 * @module The console's PrivateLink, findings and logs pages in headless Chromium against a real vpce server: an
 * endpoint service made from an NLB in the page (checked through the SDK), a consumer's connection accepted in the
 * page (its endpoint becomes available through the SDK, and the consumer's page says so), the finding a shadowed
 * gateway endpoint route produces with its trace proof, and flow and API records with a live tail. Any browser
 * console error, page error or request leaving vpce fails the test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand, CreateSubnetCommand, CreateVpcCommand,
  CreateVpcEndpointCommand, CreateVpcEndpointServiceConfigurationCommand, DescribeAvailabilityZonesCommand, DescribeRouteTablesCommand, DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeInstancesCommand, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointsCommand, ModifyVpcEndpointServicePermissionsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openBrowser, type Browser } from './browser.js';
import { execCredentials, gatewayEndpoint, serviceWorld } from './service-world.js';

const PROVIDER = '313131313131';
const CONSUMER = '424242424242';
const LINT = '535353535353';
const LOGS = '646464646464';
const skip = browserMissing();

/** In the page: some rows match `selector` and every one of them contains `text` (a function: the page's CSP forbids eval). */
function everyRow({ selector, text }: { selector: string; text: string }): boolean {
  const rows = [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ textContent: string | null }> } }).document.querySelectorAll(selector)];
  return rows.length > 0 && rows.every((r) => (r.textContent ?? '').includes(text));
}
if (skip !== undefined) console.log(`# ${skip}`);

describe('console: endpoint services, findings and logs in the browser', { skip: skip ?? false }, () => {
  let h: Harness;
  let dir: string;
  let b: Browser;
  let consoleUrl: string;
  let prov: EC2Client;
  let cons: EC2Client;
  let nlbArn: string;
  let serviceId = '';
  let consumerEndpoint = '';

  before(async () => {
    // A state directory, so the logs page reads the files `vpce logs` reads.
    dir = mkdtempSync(join(tmpdir(), 'vpce-console-pl-'));
    h = await startHarness(memoryStore(), dir);
    prov = h.ec2(PROVIDER);
    cons = h.ec2(CONSUMER);
    consoleUrl = `${h.url}/_vpce/console/`;
    b = await openBrowser(h.url);
    // The first account the page acts as; the tests switch with the account picker, which remembers its choice.
    await b.page.addInitScript({ content: `if (localStorage.getItem('vpce.console.account') === null) { localStorage.setItem('vpce.console.account', '${PROVIDER}'); localStorage.setItem('vpce.console.region', 'us-east-1'); }` });
    const vpc = (await prov.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
    const s1 = (await prov.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.70.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
    const s2 = (await prov.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.70.2.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
    nlbArn = (await h.elbv2(PROVIDER).send(new CreateLoadBalancerCommand({ Name: 'svc-console', Type: 'network', Scheme: 'internal', Subnets: [s1, s2] }))).LoadBalancers![0]!.LoadBalancerArn!;
  });
  after(async () => {
    await b?.close();
    await h?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  function noProblems(refusals = 0): void {
    const refused = `console error: Failed to load resource: the server responded with a status of 400 (Bad Request) at ${h.url}/`;
    const problems = b.problems.splice(0);
    assert.deepEqual(problems.filter((x) => x !== refused), [], 'the browser reported errors or left vpce');
    assert.equal(problems.length, refusals, 'API refusals seen by the browser');
  }

  /** Act as `account`, through the header's account picker, then open `route`. */
  async function as(account: string, route: string): Promise<void> {
    const p = b.page;
    // Switched on the list page first: another account's resource page would ask for what it cannot see.
    await p.goto(`${consoleUrl}#/endpoints`);
    const picker = p.locator('.pickers input[type="text"]');
    if (await picker.inputValue() !== account) {
      await picker.fill(account);
      await picker.press('Enter');
      await p.getByText(/\d+ of \d+ endpoints/).waitFor();
    }
    await p.goto(`${consoleUrl}${route}`);
    await p.locator('h1').first().waitFor();
  }

  it('creates an endpoint service from an NLB, allows a principal, shows a refused principal in AWS\'s words, toggles acceptance', async () => {
    const p = b.page;
    await as(PROVIDER, '#/endpoint-services/create');
    await p.getByRole('heading', { name: 'Create endpoint service' }).waitFor();
    // AWS: a service needs load balancers of exactly one kind; submitted with none, the API's refusal shows.
    const none = await prov.send(new CreateVpcEndpointServiceConfigurationCommand({})).then(() => undefined, (e: Error) => e);
    assert.ok(none !== undefined);
    await p.getByRole('checkbox', { name: /^svc-console/ }).waitFor();
    await p.getByRole('button', { name: 'Create endpoint service' }).click();
    const refusal = p.getByRole('alert');
    await refusal.waitFor();
    assert.equal(await refusal.locator('.code').innerText(), 'InvalidParameter');
    assert.equal(await refusal.locator('.message').innerText(), none.message);
    await p.getByRole('checkbox', { name: /^svc-console/ }).check();
    await p.fill('input[name="private-dns-name"]', 'svc.example.com');
    assert.equal(await p.getByRole('checkbox', { name: /Acceptance required/ }).isChecked(), true);
    await p.getByRole('button', { name: 'Create endpoint service' }).click();
    await p.waitForURL(/#\/endpoint-services\/vpce-svc-[0-9a-f]+$/);
    serviceId = /(vpce-svc-[0-9a-f]+)$/.exec(p.url())![1]!;
    await p.getByRole('heading', { name: 'Allowed principals' }).waitFor();

    // Through the SDK: the service exists with the NLB and acceptance required.
    const svc = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!;
    assert.deepEqual(svc.NetworkLoadBalancerArns, [nlbArn]);
    assert.equal(svc.AcceptanceRequired, true);
    assert.equal(svc.PrivateDnsName, 'svc.example.com');
    assert.match(await p.locator('.facts').innerText(), new RegExp(svc.ServiceName!.replace(/\./g, '\\.')));

    // AWS: principal ARNs with a path are refused; the page shows the API's code and message word for word.
    const bad = `arn:aws:iam::${CONSUMER}:role/path/r`;
    const sdkError = await prov.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, AddAllowedPrincipals: [bad] })).then(() => undefined, (e: Error) => e);
    assert.ok(sdkError !== undefined);
    await p.fill('input[name="principal"]', bad);
    await p.getByRole('button', { name: 'Allow principal' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.locator('.code').innerText(), 'InvalidParameterValue');
    assert.equal(await alert.locator('.message').innerText(), sdkError.message);

    const root = `arn:aws:iam::${CONSUMER}:root`;
    await p.fill('input[name="principal"]', root);
    await p.getByRole('button', { name: 'Allow principal' }).click();
    await p.getByRole('button', { name: `Remove principal ${root}` }).waitFor();
    const perms = (await prov.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }))).AllowedPrincipals!;
    assert.deepEqual(perms.map((x) => x.Principal), [root]);

    await p.getByRole('button', { name: 'Turn off acceptance required' }).click();
    await p.getByRole('button', { name: 'Turn on acceptance required' }).waitFor();
    assert.equal((await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!.AcceptanceRequired, false);
    await p.getByRole('button', { name: 'Turn on acceptance required' }).click();
    await p.getByRole('button', { name: 'Turn off acceptance required' }).waitFor();
    assert.equal((await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!.AcceptanceRequired, true);

    // The list shows it.
    await p.goto(`${consoleUrl}#/endpoint-services`);
    await p.getByRole('link', { name: serviceId }).waitFor();
    noProblems(2);
  });

  it('accepts a consumer\'s pending connection; the endpoint becomes available through the SDK and on the consumer\'s page', async () => {
    assert.notEqual(serviceId, '', 'the endpoint service of the previous test');
    const svc = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [serviceId] }))).ServiceConfigurations![0]!;
    // AWS: zone names map to zone IDs per account; the consumer's subnet goes in the NLB's first zone by ID.
    const zoneId = svc.AvailabilityZoneIds?.[0] ?? (await prov.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'] }))).AvailabilityZones![0]!.ZoneId!;
    const zoneName = (await cons.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!.find((z) => z.ZoneId === zoneId)!.ZoneName!;
    const vpc = (await cons.send(new CreateVpcCommand({ CidrBlock: '10.71.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await cons.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.71.1.0/24', AvailabilityZone: zoneName }))).Subnet!.SubnetId!;
    const ep = (await cons.send(new CreateVpcEndpointCommand({ VpcEndpointType: 'Interface', VpcId: vpc, ServiceName: svc.ServiceName!, SubnetIds: [subnet] }))).VpcEndpoint!;
    assert.equal(ep.State, 'pendingAcceptance');
    const id = ep.VpcEndpointId!;

    const p = b.page;
    await as(CONSUMER, `#/endpoints/${id}`);
    const connection = p.locator('.connection-state');
    await connection.waitFor();
    assert.equal(await connection.getAttribute('data-state'), 'pendingAcceptance');
    assert.match(await connection.innerText(), /waiting for the service owner/);

    await as(PROVIDER, `#/endpoint-services/${serviceId}`);
    await p.getByText('1 connection, 1 pending acceptance').waitFor();
    await p.getByRole('button', { name: `Accept ${id}` }).click();
    await p.getByText('1 connection, 0 pending acceptance').waitFor();
    const state = (await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!.State;
    assert.equal(state, 'available');

    await as(CONSUMER, `#/endpoints/${id}`);
    await p.locator('.connection-state[data-state="available"]').waitFor();
    consumerEndpoint = id;
    noProblems();
  });

  it('refuses to delete a service with a live connection (AWS\'s per-item refusal), rejects the connection, then deletes the service', async () => {
    assert.notEqual(consumerEndpoint, '', 'the connection of the previous test');
    const p = b.page;
    await as(PROVIDER, `#/endpoint-services/${serviceId}`);
    await p.getByRole('button', { name: 'Delete endpoint service' }).click();
    await p.getByRole('button', { name: 'Confirm delete' }).click();
    const alert = p.getByRole('alert');
    await alert.waitFor();
    // AWS: DeleteVpcEndpointServiceConfigurations reports the refusal in `unsuccessful`, not as an error answer.
    assert.equal(await alert.locator('.code').innerText(), 'ExistingVpcEndpointConnections');
    assert.equal(await alert.locator('.message').innerText(), `Service has existing active VPC Endpoint connections: ${consumerEndpoint}`);

    await p.getByRole('button', { name: `Reject ${consumerEndpoint}` }).click();
    await p.getByRole('button', { name: `Accept ${consumerEndpoint}` }).waitFor();
    assert.equal((await cons.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [consumerEndpoint] }))).VpcEndpoints![0]!.State, 'rejected');
    await p.getByRole('button', { name: 'Delete endpoint service' }).click();
    await p.getByRole('button', { name: 'Confirm delete' }).click();
    await p.waitForURL(/#\/endpoint-services$/);
    const left = (await prov.send(new DescribeVpcEndpointServiceConfigurationsCommand({}))).ServiceConfigurations!;
    assert.ok(!left.some((x) => x.ServiceId === serviceId), 'deleted through the API');

    await as(CONSUMER, `#/endpoints/${consumerEndpoint}`);
    await p.locator('.connection-state[data-state="rejected"]').waitFor();
    noProblems();
  });

  it('lists the finding of a gateway endpoint route shadowed by a more specific route, with its resources and trace proof', async () => {
    const ec2 = h.ec2(LINT);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.72.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.72.1.0/24' }))).Subnet!.SubnetId!;
    const rt = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).RouteTables![0]!.RouteTableId!;
    const endpoint = await gatewayEndpoint(ec2, vpc, 'us-east-1', 's3', [rt]);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    // AWS (route priority): the longest prefix wins, so this /24 of S3's prefix list bypasses the endpoint.
    await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '54.231.0.0/24', GatewayId: igw }));

    // And an endpoint policy that allows one bucket only: VPCE016, proven by policy evaluations.
    const vpc2 = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.73.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateSubnetCommand({ VpcId: vpc2, CidrBlock: '10.73.1.0/24' }));
    const rt2 = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc2] }] }))).RouteTables![0]!.RouteTableId!;
    const strict = await gatewayEndpoint(ec2, vpc2, 'us-east-1', 's3', [rt2], {
      Version: '2012-10-17', Statement: [{ Sid: 'CorpOnly', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*'] }],
    });

    const p = b.page;
    await as(LINT, '#/findings');
    const card = p.locator('article.finding[data-rule="VPCE001"]');
    await card.waitFor();
    assert.equal(await card.count(), 1);
    assert.match(await card.locator('.finding-message').innerText(), /54\.231\.0\.0\/24/);
    assert.equal(await p.locator('section.findings.error article[data-rule="VPCE001"]').count(), 1, 'grouped under error');
    assert.equal(await card.getByRole('link', { name: endpoint }).getAttribute('href'), `#/endpoints/${endpoint}`);
    assert.equal(await card.getByRole('link', { name: rt }).first().getAttribute('href'), `#/route-tables/${rt}`);

    // The policy finding: its proof shows the evaluation's reasons and the endpoint policy's statements as a table.
    const policyCard = p.locator('article.finding[data-rule="VPCE016"]');
    await policyCard.waitFor();
    assert.equal(await policyCard.getByRole('link', { name: strict }).first().getAttribute('href'), `#/endpoints/${strict}`);
    await policyCard.locator('summary').click();
    const statements = await policyCard.locator('.policy-proof').first().innerText();
    assert.match(statements, /ImplicitDeny/);
    assert.match(statements, /CorpOnly\s+Allow\s+\*\s+s3:\*\s+\["arn:aws:s3:::corp-data","arn:aws:s3:::corp-data\/\*"\]/);

    // Filter by rule.
    await p.selectOption('select[name="rule"]', 'VPCE001');
    assert.equal(await p.locator('article.finding').count(), 1);

    // The proof: the trace's hops, the route table step taking the internet gateway, and the path explorer link.
    await card.locator('summary').click();
    const hops = await card.locator('.proof.trace tbody').innerText();
    assert.match(hops, new RegExp(`routeTable\\s+${rt}`));
    assert.match(hops, new RegExp(igw));
    const path = await card.getByRole('link', { name: 'Open in the path explorer' }).getAttribute('href');
    assert.match(path ?? '', new RegExp(`^#/path\\?from=${subnet}&to=54\\.231\\.0\\.\\d+%3A443%2Ftcp$`));
    // Following it opens the path explorer on that question, drawn as explain answers it.
    await p.goto(`${consoleUrl}${path}`);
    await p.locator('.outcome').waitFor();
    assert.match(await p.locator('table.hops').innerText(), new RegExp(igw));

    // Shown on the resources they name: the route table's page has a badge linking to its findings only.
    await p.goto(`${consoleUrl}#/route-tables/${rt}`);
    const badge = p.locator('a.findings-badge');
    await badge.waitFor();
    assert.match(await badge.innerText(), /^\d+ findings? \(error\)$/);
    await badge.click();
    await p.waitForURL(new RegExp(`#/findings\\?resource=${rt}$`));
    await card.waitFor();
    const named = await p.locator('article.finding').evaluateAll((as) => as.map((a) => a.getAttribute('data-rule')));
    assert.ok(named.includes('VPCE001') && !named.includes('VPCE016'), `only findings naming ${rt}: ${named.join(', ')}`);
    noProblems();
  });

  it('shows a flow record of an instance request and an API record of an SDK call; live tail appends new ones', async () => {
    const ec2 = h.ec2(LOGS);
    const w = await serviceWorld(ec2, 73);
    await gatewayEndpoint(ec2, w.vpcId, 'us-east-1', 's3', [w.isolatedRt]);
    const s3 = h.s3(LOGS);
    await s3.send(new CreateBucketCommand({ Bucket: 'console-logs-b' }));
    await s3.send(new PutObjectCommand({ Bucket: 'console-logs-b', Key: 'k', Body: 'v' }));
    const fromInstance = h.s3(await execCredentials(h.url, w.isolatedInstance, `arn:aws:iam::${LOGS}:root`));
    const request = async (): Promise<void> => { await (await fromInstance.send(new GetObjectCommand({ Bucket: 'console-logs-b', Key: 'k' }))).Body!.transformToString(); };
    await request();

    const p = b.page;
    await as(LOGS, '#/logs');
    await p.fill('input[name="instance"]', w.isolatedInstance);
    await p.getByRole('button', { name: 'Apply filters' }).click();
    const rows = p.locator('table.log-table tbody tr[data-action]');
    // The page's first load (no filter) may be drawn before the filtered one: wait until every row is the instance's.
    const eni = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [w.isolatedInstance] }))).Reservations![0]!.Instances![0]!.NetworkInterfaces![0]!.NetworkInterfaceId!;
    await p.waitForFunction(everyRow, { selector: 'table.log-table tbody tr[data-action]', text: eni });
    const before = await rows.count();
    assert.ok(before >= 2, 'the request and its reply');
    assert.match(await rows.first().innerText(), /ACCEPT/);
    assert.match(await rows.first().innerText(), new RegExp(w.vpcId));

    // Live tail: a new request from the instance appends its records without a reload.
    await p.getByRole('checkbox', { name: 'Live tail' }).check();
    await request();
    await rows.nth(before).waitFor();
    await p.getByRole('checkbox', { name: 'Live tail' }).uncheck();

    // The API log: the SDK's GetObject from the instance, filtered by action; then live tail picks up a new call.
    await p.getByRole('radio', { name: 'API log' }).check();
    await p.fill('input[name="instance"]', '');
    await p.fill('input[name="action"]', 'CreateVpc');
    await p.getByRole('button', { name: 'Apply filters' }).click();
    const events = p.locator('table.log-table tbody tr[data-outcome]');
    // The kind's own load (still with the instance filter: the instance's events) may be drawn first: wait for the
    // applied filters' answer, every row a CreateVpc, before counting.
    await p.waitForFunction(everyRow, { selector: 'table.log-table tbody tr[data-outcome]', text: 'ec2:CreateVpc' });
    const made = await events.count();
    assert.ok(made >= 1);
    assert.match(await events.first().innerText(), /ec2:CreateVpc/);
    await p.getByRole('checkbox', { name: 'Live tail' }).check();
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.74.0.0/16' }));
    await events.nth(made).waitFor();
    await p.getByRole('checkbox', { name: 'Live tail' }).uncheck();
    noProblems();
  });

  it('fits a narrow window on the endpoint services, findings and logs pages', async () => {
    const p = b.page;
    await p.setViewportSize({ width: 390, height: 800 });
    try {
      for (const route of ['#/endpoint-services', '#/endpoint-services/create', '#/findings', '#/logs']) {
        await p.goto(`${consoleUrl}${route}`);
        await p.locator('h1').first().waitFor();
        await p.waitForLoadState('networkidle');
        const overflow = await p.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number;
        assert.ok(overflow <= 0, `${route} overflows a 390 px window by ${overflow} px`);
      }
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
    noProblems();
  });
});
