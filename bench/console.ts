/**
 * @module Console benchmark: the bundle's size (raw and gzipped; target < 500 KB gzipped) and the time from
 * navigation to the first frame showing the endpoints list with its rows (200 endpoints), in headless Chromium,
 * cold (first visit, fresh profile) and warm (reloads, bundles cached as immutable).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CreateVpcCommand, CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { startHarness } from '../test/e2e/harness.js';
import { browserMissing, openBrowser } from '../test/e2e/browser.js';
import { lazyChunkSize, topologyFirstDrawing } from './console-topology.js';
import { consoleApiCalls } from './console-api.js';
import { regionTopologyFirstPaint } from './console-topology-region.js';

const ACCOUNT = '135791357913';
const VPCS = 100;
const RUNS = 7;

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

function bundleSizes(): void {
  let raw = 0;
  let gz = 0;
  for (const name of ['app.js', 'app.css']) {
    const body = readFileSync(fileURLToPath(new URL(`../console/${name}`, import.meta.url)));
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += zipped;
    console.log(`  ${name.padEnd(8)} ${kb(body.length).padStart(10)} raw ${kb(zipped).padStart(10)} gzipped`);
  }
  console.log(`  total    ${kb(raw).padStart(10)} raw ${kb(gz).padStart(10)} gzipped (target < 500 KB gzipped: ${gz < 500 * 1024 ? 'met' : 'MISSED'})`);
  lazyChunkSize();
}

export async function run(): Promise<void> {
  console.log('bundle (dist/console):');
  bundleSizes();
  const missing = browserMissing();
  if (missing !== undefined) { console.log(`  first paint: skipped, ${missing}`); return; }
  const h = await startHarness();
  const ec2 = h.ec2(ACCOUNT);
  const ids = { vpcId: '', endpointId: '' };
  for (let i = 0; i < VPCS; i++) {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }))).Vpc!.VpcId!;
    for (const svc of ['s3', 'dynamodb']) {
      const ep = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.us-east-1.${svc}`, VpcEndpointType: 'Gateway' }));
      Object.assign(ids, { vpcId, endpointId: ep.VpcEndpoint!.VpcEndpointId! });
    }
  }
  await consoleApiCalls(h, ACCOUNT, ids);
  const b = await openBrowser(h.url);
  try {
    await b.page.addInitScript({ content: `localStorage.setItem('vpce.console.account', '${ACCOUNT}');` });
    const url = `${h.url}/_vpce/console/#/endpoints`;
    // Measured inside the page, so the driver's own latency does not count: from the first frame on, each animation
    // frame checks for the rows; the time is taken in the frame after they are there (they have been painted).
    await b.page.addInitScript({ content: `window.__vpcePainted = new Promise((resolve) => {
      const check = () => document.querySelectorAll('tbody tr a').length >= ${VPCS * 2}
        ? requestAnimationFrame(() => resolve(performance.now())) : requestAnimationFrame(check);
      requestAnimationFrame(check);
    });` });
    const painted = async (): Promise<number> => Number(await b.page.evaluate('window.__vpcePainted'));
    // Where the time goes: the page's script ready (DOMContentLoaded) and the API answers' end, in ms from navigation.
    const phases = async (): Promise<string> => {
      const [ready, api] = await b.page.evaluate(`[performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
        Math.max(0, ...performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'fetch').map((r) => r.responseEnd))]`) as [number, number];
      return `script ready ${ready.toFixed(0)} ms, API answered ${api.toFixed(0)} ms`;
    };
    await b.page.goto(url);
    const cold = await painted();
    const coldPhases = await phases();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await b.page.reload();
      warm.push(await painted());
    }
    warm.sort((x, y) => x - y);
    console.log(`endpoints page, ${VPCS * 2} endpoints, first paint with rows (target < 1 s):`);
    console.log(`  cold ${cold.toFixed(0)} ms (${coldPhases}); last warm: ${await phases()}`);
    console.log(`  warm median ${warm[Math.floor(RUNS / 2)]!.toFixed(0)} ms, max ${warm[RUNS - 1]!.toFixed(0)} ms (${RUNS} reloads)`);
    await topologyFirstDrawing(h, b, ACCOUNT);
    await regionTopologyFirstPaint(h, b);
    if (b.problems.length > 0) console.log(`  browser problems: ${b.problems.join('; ')}`);
  } finally {
    await b.close();
    await h.close();
  }
}
