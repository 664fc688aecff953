/**
 * @module The console's whole-Region topology (`#/topology`) in headless Chromium against a real vpce server: every
 * VPC of the account and Region drawn with its subnets inside the right Availability Zone, a peering connection
 * between two VPCs, the VPCs fetched with one call per resource type (not one per VPC), a VPC's box opening its own
 * topology, and the single VPC's page drawn first from the grid then refined by ELK. Any browser console error,
 * page error or request leaving vpce fails a test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptVpcPeeringConnectionCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand,
  CreateSubnetCommand, CreateVpcCommand, CreateVpcPeeringConnectionCommand, DescribeRouteTablesCommand, DescribeVpcsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { startHarness, type Harness } from './harness.js';
import { browserMissing, openConsole, type ConsoleBrowser } from './browser.js';

const ACCOUNT = '246824682468';
const skip = browserMissing();
if (skip !== undefined) console.log(`# ${skip}`);

describe('the whole-Region topology in the browser', { skip: skip ?? false }, () => {
  let h: Harness;
  let ec2: EC2Client;
  let b: ConsoleBrowser;
  /** VPC id -> its subnets with their zones. */
  const vpcs = new Map<string, { subnet: string; az: string }[]>();
  const ids = { a: '', b: '', c: '', pcx: '', igw: '' };
  /** The EC2 actions the page called, in order. */
  const actions: string[] = [];

  before(async () => {
    h = await startHarness();
    ec2 = h.ec2(ACCOUNT);
    const plan: [string, [string, string][]][] = [
      ['10.70.0.0/16', [['10.70.1.0/24', 'us-east-1a'], ['10.70.2.0/24', 'us-east-1b'], ['10.70.3.0/24', 'us-east-1a']]],
      ['10.71.0.0/16', [['10.71.1.0/24', 'us-east-1c']]],
      ['10.72.0.0/16', [['10.72.1.0/24', 'us-east-1b'], ['10.72.2.0/24', 'us-east-1c']]],
    ];
    for (const [cidr, subnets] of plan) {
      const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
      const list: { subnet: string; az: string }[] = [];
      for (const [c, az] of subnets) {
        list.push({ subnet: (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: c, AvailabilityZone: az }))).Subnet!.SubnetId!, az });
      }
      vpcs.set(vpc, list);
    }
    [ids.a, ids.b, ids.c] = [...vpcs.keys()] as [string, string, string];
    ids.pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: ids.a, PeerVpcId: ids.b }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    ids.igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.c }));
    const mainA = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [ids.a] }] }))).RouteTables![0]!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: mainA, DestinationCidrBlock: '10.71.0.0/16', VpcPeeringConnectionId: ids.pcx }));
    b = await openConsole(h.url, ACCOUNT);
    b.page.on('request', (r) => {
      const action = new URLSearchParams(r.postData() ?? '').get('Action');
      if (action !== null) actions.push(action);
    });
  });
  after(async () => {
    await b?.close();
    await h?.close();
  });

  function noProblems(): void {
    assert.deepEqual(b.problems.splice(0), [], 'the browser reported errors or left vpce');
  }

  async function box(id: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const r = await b.page.locator(`g[data-id="${id}"] > :is(a, g) > rect`).first().boundingBox();
    assert.ok(r, `a drawn box for ${id}`);
    return r;
  }

  function within(inner: { x: number; y: number; width: number; height: number }, outer: typeof inner): boolean {
    return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;
  }

  it('draws every VPC of the Region, each subnet inside its own VPC and Availability Zone, with few Describe calls', async () => {
    actions.length = 0;
    await b.page.goto(`${b.consoleUrl}#/topology`);
    const p = b.page;
    await p.getByRole('heading', { name: 'Topology of us-east-1' }).waitFor();
    await p.locator('.diagram-canvas g[data-kind="subnet"]').nth(5).waitFor();
    // Every VPC the API lists (the account's default VPC too), each drawn once.
    const all = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId!);
    assert.ok(all.length >= 3);
    assert.equal(await p.locator('.diagram-canvas g[data-kind="vpc"]').count(), all.length);
    for (const vpc of all) assert.equal(await p.locator(`.diagram-canvas g[data-id="${vpc}"][data-kind="vpc"]`).count(), 1, `${vpc} drawn`);
    for (const [vpc, subnets] of vpcs) {
      const vpcBox = await box(vpc);
      for (const { subnet, az } of subnets) {
        const zone = `az:${vpc}:${az}`;
        assert.equal(await p.locator(`g[data-id="${vpc}"] g[data-id="${zone}"] g[data-id="${subnet}"][data-kind="subnet"]`).count(), 1, `${subnet} drawn in ${vpc}'s ${az}`);
        const zoneBox = await box(zone);
        assert.ok(within(await box(subnet), zoneBox), `${subnet} lies within its zone's box`);
        assert.ok(within(zoneBox, vpcBox), `${zone} lies within its VPC's box`);
      }
    }
    // Each zone of a VPC holds only that VPC's subnets of that zone.
    assert.equal(await p.locator(`g[data-id="az:${ids.a}:us-east-1a"] g[data-kind="subnet"]`).count(), 2);
    assert.equal(await p.locator(`g[data-id="az:${ids.c}:us-east-1b"] g[data-kind="subnet"]`).count(), 1);
    // VPC boxes do not overlap.
    const boxes = await Promise.all([ids.a, ids.b, ids.c].map(box));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [u, v] = [boxes[i]!, boxes[j]!];
        assert.ok(u.x + u.width <= v.x || v.x + v.width <= u.x || u.y + u.height <= v.y || v.y + v.height <= u.y, 'VPC boxes are apart');
      }
    }
    // The internet gateway outside VPC C, attached to it.
    assert.equal(await p.locator(`g[data-id="${ids.igw}"][data-kind="internetGateway"]`).count(), 1);
    assert.equal(await p.locator(`g[data-id="${ids.c}"] g[data-id="${ids.igw}"]`).count(), 0);
    assert.equal(await p.locator(`path[data-edge="attach:${ids.igw}:${ids.c}"]`).count(), 1);
    // One call per resource type for the whole Region, none per VPC.
    assert.equal(actions.filter((a) => a === 'DescribeSubnets').length, 1, `actions: ${actions.join(' ')}`);
    assert.equal(actions.filter((a) => a === 'DescribeVpcs').length, 1, `actions: ${actions.join(' ')}`);
    // The VPCs are also listed, each linking to its own topology.
    for (const vpc of all) assert.equal(await p.locator(`.topology-vpcs a[href="#/topology/${vpc}"]`).count(), 1);
    noProblems();
  });

  it('draws the peering connection between the two VPCs it joins, and the route to it', async () => {
    const p = b.page;
    await p.goto(`${b.consoleUrl}#/topology`);
    await p.locator(`g[data-id="${ids.pcx}"][data-kind="peering"]`).waitFor();
    assert.equal(await p.locator(`g[data-kind="vpc"] g[data-id="${ids.pcx}"]`).count(), 0, 'the peering stands outside every VPC');
    for (const edge of [`peer:${ids.pcx}:${ids.a}`, `peer:${ids.pcx}:${ids.b}`]) {
      const path = p.locator(`path[data-edge="${edge}"]`);
      assert.equal(await path.count(), 1, `edge ${edge}`);
      assert.match(await path.getAttribute('class') ?? '', /e-peering/);
    }
    assert.equal(await p.locator(`path[data-edge^="route:"][data-edge$=":${ids.pcx}"]`).count(), 1, 'the main table of A routes to the peering');
    // VPC C takes part in no peering.
    assert.equal(await p.locator(`path[data-edge^="peer:"][data-edge$=":${ids.c}"]`).count(), 0);
    noProblems();
  });

  it('zoomed out, boxes are drawn without labels and the canvas tooltip names the box under the pointer; zoomed in, labels appear', async () => {
    const p = b.page;
    await p.goto(`${b.consoleUrl}#/topology`);
    const subnet = vpcs.get(ids.a)![0]!.subnet;
    await p.locator(`g[data-id="${subnet}"]`).waitFor();
    const zoom = async (): Promise<number> => Number((await p.locator('.zoom-level').textContent())?.replace('%', ''));
    // A Region this small fits with its labels.
    assert.ok(await zoom() >= 35, `fitted at ${await zoom()} %`);
    assert.match(await p.locator(`g[data-id="${subnet}"] text.label`).textContent() ?? '', new RegExp(subnet));
    while (await zoom() >= 35) await p.getByRole('button', { name: 'Zoom out' }).click();
    await p.locator(`g[data-id="${subnet}"] text`).first().waitFor({ state: 'detached' });
    assert.equal(await p.locator(`g[data-id="${subnet}"] title`).count(), 0, 'no tooltip of its own at this zoom');
    await p.locator(`g[data-id="${subnet}"] > a > rect`).hover({ force: true });
    assert.match(await p.locator('svg.diagram-canvas > title').textContent() ?? '', new RegExp(`Subnet ${subnet} 10\\.70\\.1\\.0/24 in us-east-1a`));
    // The lines of one kind drawn as one path (no tooltips, no arrows to see at this zoom).
    assert.equal(await p.locator('path[data-edge]').count(), 0);
    assert.equal(await p.locator('path[data-edges="mainAssociation"]').count(), 1);
    assert.equal(await p.locator('path[data-edges="peering"]').count(), 1);
    // Its accessible name stays whatever the zoom.
    assert.match(await p.locator(`g[data-id="${subnet}"] > a`).getAttribute('aria-label') ?? '', new RegExp(subnet));
    await p.getByRole('button', { name: 'Zoom in' }).click();
    await p.locator(`g[data-id="${subnet}"] text.label`).waitFor();
    assert.match(await p.locator(`g[data-id="${subnet}"] > a > title`).textContent() ?? '', /10\.70\.1\.0\/24/);
    assert.equal(await p.locator('svg.diagram-canvas > title').count(), 0);
    assert.equal(await p.locator(`path[data-edge="assoc:${subnet}"]`).count(), 1);
    assert.equal(await p.locator('path[data-edges]').count(), 0);
    noProblems();
  });

  it('clicking a VPC box opens its own topology, which ELK then lays out', async () => {
    const p = b.page;
    await p.goto(`${b.consoleUrl}#/topology`);
    await p.locator(`g[data-id="${ids.c}"][data-kind="vpc"] > a`).waitFor();
    await p.locator(`g[data-id="${ids.c}"][data-kind="vpc"] > a > rect`).click({ position: { x: 12, y: 6 } });
    await p.waitForURL(new RegExp(`#/topology/${ids.c}$`));
    await p.getByRole('heading', { name: `Topology of ${ids.c}` }).waitFor();
    await p.locator('.topology-view[data-layout="elk"]').waitFor();
    for (const { subnet, az } of vpcs.get(ids.c)!) {
      assert.equal(await p.locator(`g[data-id="az:${ids.c}:${az}"] g[data-id="${subnet}"]`).count(), 1);
    }
    // Only VPC C (it has no peers) in this drawing.
    assert.equal(await p.locator('.diagram-canvas g[data-kind="vpc"]').count(), 1);
    // And back to the Region.
    await p.getByRole('link', { name: 'All VPCs of the Region' }).click();
    await p.waitForURL(/#\/topology$/);
    await p.locator(`g[data-id="${ids.a}"][data-kind="vpc"]`).waitFor();
    noProblems();
  });
});
