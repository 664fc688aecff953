/**
 * @module Console benchmark, topology part: the lazily loaded layout engine's size, and the time from navigation to
 * the first frame showing a VPC with 50 subnets drawn (its API calls, the ELK worker's start and layout, the SVG),
 * cold (the worker script not yet cached) and warm (reloads).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand, CreateRouteCommand,
  CreateRouteTableCommand, CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import type { Harness } from '../test/e2e/harness.js';
import type { Browser } from '../test/e2e/browser.js';

const SUBNETS = 50;
const RUNS = 5;
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export function lazyChunkSize(): void {
  const body = readFileSync(fileURLToPath(new URL('../console/elk-worker.js', import.meta.url)));
  const gz = gzipSync(body, { level: 9 }).length;
  console.log(`  lazy: elk-worker.js ${(body.length / 1024).toFixed(1)} KB raw ${(gz / 1024).toFixed(1)} KB gzipped (loaded only by a diagram)`);
}

/** A VPC with SUBNETS subnets over three AZs, a route table per ten subnets, an internet gateway and two gateway endpoints. */
async function buildVpc(h: Harness, account: string): Promise<string> {
  const ec2 = h.ec2(account);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.200.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const tables: string[] = [];
  for (let i = 0; i < SUBNETS; i++) {
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.200.${i}.0/24`, AvailabilityZone: AZS[i % AZS.length] }))).Subnet!.SubnetId!;
    if (i % 10 === 0) {
      const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
      if (tables.length === 0) await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
      tables.push(rt);
    }
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: tables[tables.length - 1]!, SubnetId: subnet }));
  }
  for (const svc of ['s3', 'dynamodb']) {
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.us-east-1.${svc}`, VpcEndpointType: 'Gateway', RouteTableIds: tables.slice(1) }));
  }
  return vpc;
}

export async function topologyFirstDrawing(h: Harness, b: Browser, account: string): Promise<void> {
  const vpc = await buildVpc(h, account);
  // Measured in the page, as for the endpoints list: the frame after all subnets are in the SVG (the first paint,
  // from the page's containment grid), and the frame after ELK's layout replaced it.
  await b.page.addInitScript({ content: `window.__vpceDrawn = new Promise((resolve) => {
    const check = () => document.querySelectorAll('.diagram-canvas g[data-kind="subnet"]').length >= ${SUBNETS}
      ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check);
    requestAnimationFrame(check);
  });
  window.__vpceRefined = new Promise((resolve) => {
    const check = () => document.querySelector('.topology-view[data-layout="elk"]') !== null
      ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check);
    requestAnimationFrame(check);
  });` });
  const drawn = async (): Promise<[number, number]> => [Number(await b.page.evaluate('window.__vpceDrawn')), Number(await b.page.evaluate('window.__vpceRefined'))];
  const phases = async (): Promise<string> => {
    const [fetched, api, layout] = await b.page.evaluate(`[
      Math.max(0, ...performance.getEntriesByType('resource').filter((r) => r.name.includes('elk-worker.js')).map((r) => r.responseEnd)),
      performance.getEntriesByName('vpce-topology-api')[0]?.startTime ?? 0, performance.getEntriesByName('vpce-topology-layout')[0]?.startTime ?? 0]`) as [number, number, number];
    return `${fetched > 0 ? `worker script fetched ${fetched.toFixed(0)} ms, ` : ''}API answered ${api.toFixed(0)} ms, ELK laid out ${layout.toFixed(0)} ms`;
  };
  const load: number[] = [loadavg()[0]!];
  // A new document (another query, not a hash change in the one already open), so the measuring script runs.
  await b.page.goto(`${h.url}/_vpce/console/?topology#/topology/${vpc}`);
  const [coldPaint, coldElk] = await drawn();
  const coldPhases = await phases();
  const paints: number[] = [coldPaint];
  const elks: number[] = [coldElk];
  for (let i = 0; i < RUNS; i++) {
    await b.page.reload();
    const [p, e] = await drawn();
    paints.push(p);
    elks.push(e);
    load.push(loadavg()[0]!);
  }
  const range = (xs: readonly number[]): string => {
    const s = [...xs].sort((x, y) => x - y);
    return `min ${s[0]!.toFixed(0)} ms, median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms`;
  };
  const median = [...paints].sort((x, y) => x - y)[Math.floor(paints.length / 2)]!;
  console.log(`topology page, a VPC with ${SUBNETS} subnets (load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}, 2 cores shared; ${paints.length} loads, the first cold):`);
  console.log(`  first paint (containment grid in the page): ${range(paints)}; target < 1000 ms: ${median < 1000 ? 'met' : 'MISSED'} (median)`);
  console.log(`  refined by ELK in its Web Worker: ${range(elks)} (cold: ${coldPhases}; last warm: ${await phases()})`);
}
