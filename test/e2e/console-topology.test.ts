/**
 * @module The console's topology diagram and path explorer in headless Chromium against a real vpce server: a VPC
 * built through the SDK drawn with its subnets inside their Availability Zones, route tables, gateways and
 * endpoints; a node opens its page; zoom and pan move the drawing; the path explorer draws an allowed path through
 * an S3 gateway endpoint and a denied one (the endpoint policy) with the stopping hop red and its reason, and a
 * copied link redraws the same path. Any browser console error, page error or request leaving vpce fails a test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptVpcPeeringConnectionCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateVpcPeeringConnectionCommand, CreateInternetGatewayCommand, CreateRouteCommand,
  CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, DescribeRouteTablesCommand,
  ModifyVpcAttributeCommand, ModifyVpcEndpointCommand, RunInstancesCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const ACCOUNT = '357913579135';
const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

describe('the console serves the layout engine as its own file', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  it('index.html names elk-worker.js with its content hash; the file is JavaScript, immutable, and workers are allowed by the CSP', async () => {
    const page = await fetch(`${h.url}/_vpce/console/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /worker-src 'self'/);
    const html = await page.text();
    const src = /<meta name="vpce-elk-worker" content="(elk-worker\.js\?v=[^"]+)">/.exec(html)?.[1];
    assert.ok(src, `the worker's URL in\n${html}`);
    const worker = await fetch(`${h.url}/_vpce/console/${src}`);
    assert.equal(worker.status, 200);
    assert.equal(worker.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(worker.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.ok((await worker.arrayBuffer()).byteLength > 100_000, 'the ELK worker script');
    // The main bundle does not carry the layout engine: it is loaded only for a diagram.
    const app = await (await fetch(`${h.url}/_vpce/console/app.js`)).text();
    assert.ok(app.length < 300_000, `app.js is ${app.length} bytes`);
  });
});

describe('topology and path explorer in the browser', { skip: skip ?? false }, () => {
  let h: Harness;
  let ec2: EC2Client;
  let b: ConsoleBrowser;
  let consoleUrl: string;
  const ids = { vpc: '', a1: '', a2: '', b1: '', igw: '', publicRt: '', mainRt: '', s3: '', sqs: '', instance: '', peer: '', peerSubnet: '', pcx: '', peerInstance: '', peerIp: '' };

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    b = await openConsole(h.url, ACCOUNT);
    consoleUrl = b.consoleUrl;
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });

    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsSupport: { Value: true } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } }));
    const subnet = async (cidr: string, az: string): Promise<string> =>
      (await ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
    ids.a1 = await subnet('10.60.1.0/24', 'us-east-1a');
    ids.a2 = await subnet('10.60.2.0/24', 'us-east-1a');
    ids.b1 = await subnet('10.60.3.0/24', 'us-east-1b');
    ids.mainRt = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids.vpc] }] }))).RouteTables![0]!.RouteTableId!;
    ids.igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }));
    ids.publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: ids.publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: ids.igw }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.publicRt, SubnetId: ids.a1 }));
    ids.s3 = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: ids.vpc, ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [ids.mainRt] }))).VpcEndpoint!.VpcEndpointId!;
    ids.sqs = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: ids.vpc, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface', SubnetIds: [ids.b1] }))).VpcEndpoint!.VpcEndpointId!;
    ids.instance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: ids.a2 }))).Instances![0]!.InstanceId!;
    // A VPC peered with it, with a route over the peering from the public table.
    ids.peer = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))).Vpc!.VpcId!;
    ids.peerSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: ids.peer, CidrBlock: '10.61.1.0/24', AvailabilityZone: 'us-east-1c' }))).Subnet!.SubnetId!;
    ids.pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: ids.vpc, PeerVpcId: ids.peer }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: ids.publicRt, DestinationCidrBlock: '10.61.0.0/16', VpcPeeringConnectionId: ids.pcx }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: ids.mainRt, DestinationCidrBlock: '10.61.0.0/16', VpcPeeringConnectionId: ids.pcx }));
    const peerMain = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids.peer] }] }))).RouteTables![0]!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: peerMain, DestinationCidrBlock: '10.60.0.0/16', VpcPeeringConnectionId: ids.pcx }));
    const peerInstance = (await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1, SubnetId: ids.peerSubnet }))).Instances![0]!;
    ids.peerInstance = peerInstance.InstanceId!;
    ids.peerIp = peerInstance.PrivateIpAddress!;
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  /** No browser error since the last check but the `refusals` 400 answers from explain a test provoked on purpose. */
  function noProblems(refusals = 0): void {
    const refused = `console error: Failed to load resource: the server responded with a status of 400 (Bad Request) at ${h.url}/_vpce/explain`;
    const problems = b.problems.splice(0);
    assert.deepEqual(problems.filter((x) => x !== refused), [], 'the browser reported errors or left vpce');
    assert.equal(problems.length, refusals, 'explain refusals seen by the browser');
  }

  async function openTopology(): Promise<void> {
    await b.page.goto(`${consoleUrl}#/vpcs/${ids.vpc}`);
    await b.page.getByRole('link', { name: 'Topology' }).click();
    await b.page.waitForURL(new RegExp(`#/topology/${ids.vpc}$`));
    await b.page.locator(`.diagram-canvas g[data-id="${ids.a1}"]`).waitFor();
    // The first drawing is the page's own grid; wait for ELK's, which replaces it.
    await b.page.locator('.topology-view[data-layout="elk"]').waitFor();
  }

  /** A node's box on the page. */
  async function box(id: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const r = await b.page.locator(`g[data-id="${id}"] > :is(a, g) > rect`).first().boundingBox();
    assert.ok(r, `a drawn box for ${id}`);
    return r;
  }

  it('draws the VPC: subnets inside their Availability Zone, route tables, the internet gateway and both endpoints', async () => {
    await openTopology();
    const p = b.page;
    const az = (zone: string): string => `g[data-id="az:${ids.vpc}:${zone}"]`;
    for (const [s, zone] of [[ids.a1, 'us-east-1a'], [ids.a2, 'us-east-1a'], [ids.b1, 'us-east-1b']] as const) {
      assert.equal(await p.locator(`${az(zone)} g[data-id="${s}"][data-kind="subnet"]`).count(), 1, `${s} drawn in ${zone}`);
      const outer = await box(`az:${ids.vpc}:${zone}`);
      const inner = await box(s);
      assert.ok(inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1, `${s} lies within the ${zone} box`);
    }
    assert.equal(await p.locator(`${az('us-east-1b')} g[data-id="${ids.a1}"]`).count(), 0);
    // The interface endpoint's network interface inside its subnet; the gateway endpoint and the IGW outside the VPC.
    assert.equal(await p.locator(`g[data-id="${ids.b1}"] g[data-kind="endpointInterface"]`).count(), 1);
    assert.match(await p.locator(`g[data-id="${ids.b1}"] g[data-kind="endpointInterface"]`).textContent() ?? '', new RegExp(ids.sqs));
    assert.equal(await p.locator(`g[data-id="${ids.s3}"][data-kind="gatewayEndpoint"]`).count(), 1);
    assert.equal(await p.locator(`g[data-id="${ids.vpc}"] g[data-id="${ids.s3}"]`).count(), 0, 'the gateway endpoint sits on the edge, outside the VPC box');
    assert.equal(await p.locator(`g[data-id="${ids.igw}"][data-kind="internetGateway"]`).count(), 1);
    // Route tables linked to their subnets and to what their routes target.
    assert.equal(await p.locator(`g[data-id="${ids.vpc}"] g[data-id="${ids.publicRt}"][data-kind="routeTable"]`).count(), 1);
    for (const edge of [`assoc:${ids.a1}`, `assoc:${ids.a2}`, `route:${ids.publicRt}:${ids.igw}`, `route:${ids.mainRt}:${ids.s3}`]) {
      assert.equal(await p.locator(`path[data-edge="${edge}"]`).count(), 1, `edge ${edge}`);
    }
    assert.match(await p.locator(`path[data-edge="assoc:${ids.a2}"]`).getAttribute('class') ?? '', /e-mainAssociation/, 'a subnet without association uses the main table (dashed)');
    // The peered VPC with its own subnet, joined by the peering connection, which the public table routes to.
    assert.equal(await p.locator(`g[data-id="${ids.peer}"][data-kind="vpc"] g[data-id="az:${ids.peer}:us-east-1c"] g[data-id="${ids.peerSubnet}"]`).count(), 1);
    assert.equal(await p.locator(`g[data-id="${ids.pcx}"][data-kind="peering"]`).count(), 1);
    for (const edge of [`peer:${ids.pcx}:${ids.vpc}`, `peer:${ids.pcx}:${ids.peer}`, `route:${ids.publicRt}:${ids.pcx}`]) {
      assert.equal(await p.locator(`path[data-edge="${edge}"]`).count(), 1, `edge ${edge}`);
    }
    // Unticking "Peered VPCs" draws the VPC alone (the peering stays, its far side one box).
    await p.getByRole('checkbox', { name: 'Peered VPCs' }).uncheck();
    await p.waitForURL(/\?peers=0$/);
    await p.locator(`g[data-id="${ids.peer}"][data-kind="externalVpc"]`).waitFor();
    assert.equal(await p.locator(`g[data-id="${ids.peerSubnet}"]`).count(), 0);
    // Instances are drawn on request, inside their subnet.
    assert.equal(await p.locator(`g[data-id="${ids.instance}"]`).count(), 0);
    await p.getByRole('checkbox', { name: 'Instances' }).check();
    await p.waitForURL(/\?peers=0&instances=1$/);
    await p.locator(`g[data-id="${ids.a2}"] g[data-id="${ids.instance}"][data-kind="instance"]`).waitFor({ state: 'attached' });
    noProblems();
  });

  it('opens a node\'s page when it is clicked', async () => {
    await openTopology();
    await b.page.locator(`g[data-id="${ids.a1}"] > a`).click();
    await b.page.waitForURL(new RegExp(`#/subnets/${ids.a1}$`));
    await openTopology();
    await b.page.locator(`g[data-id="${ids.s3}"] > a`).click();
    await b.page.waitForURL(new RegExp(`#/endpoints/${ids.s3}$`));
    await b.page.getByRole('heading', { name: ids.s3 }).waitFor();
    noProblems();
  });

  it('zooms with the buttons, the keyboard and the wheel, and pans by dragging', async () => {
    await openTopology();
    const p = b.page;
    const transform = async (): Promise<{ x: number; y: number; k: number }> => {
      const t = await p.locator('g.viewport').getAttribute('transform') ?? '';
      const m = /translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)/.exec(t);
      assert.ok(m, t);
      return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
    };
    const start = await transform();
    await p.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await transform();
    assert.ok(Math.abs(zoomed.k - start.k * 1.25) < 0.001, `scale ${start.k} → ${zoomed.k}`);
    await p.getByRole('button', { name: 'Zoom out' }).click();
    assert.ok(Math.abs((await transform()).k - start.k) < 0.001);
    await p.locator('.diagram-canvas').focus();
    await p.keyboard.press('+');
    assert.ok((await transform()).k > start.k, 'the + key zooms in');
    await p.keyboard.press('0');
    assert.deepEqual(await transform(), start, '0 fits the drawing again');
    const canvas = (await p.locator('.diagram-canvas').boundingBox())!;
    await p.mouse.move(canvas.x + 20, canvas.y + canvas.height - 20);
    await p.mouse.wheel(0, -300);
    await p.waitForFunction(`Number(/scale\\(([-\\d.]+)\\)/.exec(document.querySelector('g.viewport')?.getAttribute('transform') ?? '')?.[1]) > ${start.k}`);
    const before = await transform();
    await p.mouse.down();
    await p.mouse.move(canvas.x + 80, canvas.y + canvas.height - 60, { steps: 5 });
    await p.mouse.up();
    const after = await transform();
    assert.ok(Math.abs(after.x - before.x - 60) < 1 && Math.abs(after.y - before.y + 40) < 1, `dragged by (60, -40): ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    assert.match(p.url(), new RegExp(`#/topology/${ids.vpc}$`), 'a drag does not follow a link');
    noProblems();
  });

  /** Each marked node of the drawing: id → pass or stop. */
  async function marks(): Promise<Record<string, string>> {
    return b.page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('.diagram-canvas g[data-hop]')).map((g) => [g.getAttribute('data-id'), g.getAttribute('data-hop')]))`);
  }

  it('path explorer: an instance to S3 through the gateway endpoint, every hop forwarded and the policy allowing', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/path`);
    await p.selectOption('select[name="source-kind"]', 'instance');
    await p.fill('input[name="source-id"]', ids.instance);
    await p.selectOption('select[name="dest-kind"]', 's3');
    await p.fill('input[name="bucket"]', 'reports');
    await p.fill('input[name="key"]', 'q3.csv');
    await p.getByRole('button', { name: 'Explain path' }).click();
    await p.waitForURL(/#\/path\?from=i-/);
    await p.locator('.outcome').waitFor();
    assert.match(await p.locator('.outcome').innerText(), /Allowed/);
    await p.locator('.diagram-canvas g[data-hop]').first().waitFor();
    const m = await marks();
    for (const id of [ids.instance, ids.mainRt, ids.s3, 'hop:destination']) assert.equal(m[id], 'pass', `${id} is a forwarded hop in ${JSON.stringify(m)}`);
    assert.ok(!Object.values(m).includes('stop'), 'nothing stopped the flow');
    assert.equal(await p.locator(`g[data-id="${ids.vpc}"] g[data-id="${ids.instance}"]`).count(), 1, 'the source instance is drawn in its VPC');
    assert.ok(await p.locator('path.e-trace').count() >= 3, 'the hops are chained');
    assert.equal(await p.locator('path.e-traceStop').count(), 0);
    assert.ok(await p.locator('table.hops tbody tr').count() >= 5, 'the hop table');
    assert.match(await p.locator('table.hops').innerText(), new RegExp(`${ids.mainRt}: .* → ${ids.s3}`), 'the route that decided the hop');
    assert.match(await p.locator('.policy-decision').innerText(), /Allow[\s\S]*endpoint policy/);
    // Readable on a narrow window: no page-wide scrolling (the drawing pans inside its frame).
    await p.setViewportSize({ width: 390, height: 800 });
    try {
      assert.ok(Number(await p.evaluate('document.documentElement.scrollWidth')) <= 390, 'no horizontal scrolling at 390 px');
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
    noProblems();
  });

  it('a flow across the peering refused by the peer instance\'s security group stops red there, inside the peer subnet', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.goto(`${consoleUrl}#/path?from=${ids.instance}&to=${encodeURIComponent(`${ids.peerIp}:22/tcp`)}`);
    await p.locator('.outcome').waitFor();
    // AWS: a default security group admits inbound traffic only from itself; the peer's group has no rule for 10.60.x.
    assert.match(await p.locator('.outcome').innerText(), /Stopped: deniedBySecurityGroup \(ENI_SG_RULES_MISMATCH\)/);
    await p.locator('.diagram-canvas g[data-hop]').first().waitFor();
    const drawn = await marks();
    assert.equal(drawn[ids.pcx], 'pass', `the peering forwarded: ${JSON.stringify(drawn)}`);
    const stops = Object.entries(drawn).filter(([, v]) => v === 'stop').map(([k]) => k);
    assert.equal(stops.length, 1);
    assert.match(stops[0]!, /^sg-/);
    assert.equal(await p.locator(`g[data-id="${ids.peerSubnet}"] g[data-id="${stops[0]}"]`).count(), 1, 'the inbound group is drawn where the flow arrives');
    assert.equal(await p.locator(`g[data-id="${ids.peerSubnet}"] g[data-id="${ids.peerInstance}"]`).count(), 1, 'the instance it was refused at is drawn');
    assert.match(await p.locator('table.hops tr.hop-stop').innerText(), new RegExp(`securityGroup ingress[\\s\\S]*${stops[0]}[\\s\\S]*deny`));
    noProblems();
  });

  it('a question the engine cannot parse shows its message, and the form keeps what was entered', async () => {
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.goto(`${consoleUrl}#/path?from=${ids.instance}&to=${encodeURIComponent('no such destination')}`);
    await p.getByRole('alert').waitFor();
    assert.match(await p.getByRole('alert').innerText(), /BadRequest[\s\S]*cannot parse --to "no such destination"/);
    assert.equal(await p.inputValue('input[name="host"]'), 'no such destination');
    assert.equal(await p.locator('.diagram-canvas').count(), 0, 'nothing drawn');
    noProblems(1);
  });

  it('a denied request (the endpoint policy allows only another bucket) stops red at the policy with its reason; the copied link redraws it', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OnlyOther', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }] });
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ids.s3, PolicyDocument: policy }));
    const p = b.page;
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.goto(`${consoleUrl}#/path?from=${ids.instance}&to=${encodeURIComponent('s3://reports/q3.csv')}`);
    await p.locator('.outcome').waitFor();
    assert.match(await p.locator('.outcome').innerText(), /Denied by policy/);
    await p.locator('.diagram-canvas g[data-hop]').first().waitFor();
    const drawn = await marks();
    assert.equal(drawn['hop:destination'], 'stop', `the policy hop is where it stopped: ${JSON.stringify(drawn)}`);
    assert.equal(drawn[ids.s3], 'pass', 'the endpoint itself forwarded');
    assert.equal(await p.locator('path.e-traceStop').count(), 1, 'the edge into the stopping hop is red');
    assert.match(await p.locator('table.hops tr.hop-stop').innerText(), /deny/);
    assert.match(await p.locator('.policy-decision').innerText(), /ImplicitDeny|ExplicitDeny/);
    assert.match(await p.locator('.policy-decision').innerText(), new RegExp(`endpoint policy \\(${ids.s3}\\)|${ids.s3}`));
    // The deciding statement on hover and on keyboard focus.
    const stop = p.locator('g[data-id="hop:destination"] > :is(a, g)');
    assert.match(await stop.locator('title').first().textContent() ?? '', /deny/);
    // The pointer off the diagram: focusing scrolls the page, and a box moving under a resting pointer is a hover.
    await p.mouse.move(0, 0);
    await stop.focus();
    assert.match(await p.locator('.hop-detail').innerText(), /destination .*: deny/);
    // Copy the link, go elsewhere, reopen it: the same hops in the same states.
    await p.getByRole('button', { name: 'Copy link to this path' }).click();
    await p.getByRole('button', { name: 'Copy link to this path' }).filter({ hasText: 'Copied' }).waitFor();
    const link = await p.evaluate('navigator.clipboard.readText()') as string;
    assert.match(link, /#\/path\?from=i-[0-9a-f]+&to=s3/);
    await p.goto(`${consoleUrl}#/endpoints`);
    await p.goto(link);
    await p.locator('.outcome').waitFor();
    await p.locator('.diagram-canvas g[data-hop]').first().waitFor();
    assert.deepEqual(await marks(), drawn);
    assert.equal(await p.inputValue('input[name="source-id"]'), ids.instance, 'the form shows the question');
    assert.equal(await p.inputValue('input[name="bucket"]'), 'reports');
    noProblems();
  });
});
