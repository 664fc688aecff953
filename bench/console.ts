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
}

export async function run(): Promise<void> {
  console.log('bundle (dist/console):');
  bundleSizes();
  const missing = browserMissing();
  if (missing !== undefined) { console.log(`  first paint: skipped, ${missing}`); return; }
  const h = await startHarness();
  const ec2 = h.ec2(ACCOUNT);
  for (let i = 0; i < VPCS; i++) {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${i}.0.0/16` }))).Vpc!.VpcId!;
    for (const svc of ['s3', 'dynamodb']) {
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.us-east-1.${svc}`, VpcEndpointType: 'Gateway' }));
    }
  }
  const b = await openBrowser(h.url);
  try {
    await b.page.addInitScript({ content: `localStorage.setItem('vpce.console.account', '${ACCOUNT}');` });
    const url = `${h.url}/_vpce/console/#/endpoints`;
    // The first frame (requestAnimationFrame polling) in which the list shows all its rows, in ms from navigation.
    const painted = async (): Promise<number> => {
      const t = await b.page.waitForFunction(`document.querySelectorAll('tbody tr a').length >= ${VPCS * 2} && performance.now()`, undefined, { polling: 'raf', timeout: 30_000 });
      return Number(await t.jsonValue());
    };
    await b.page.goto(url);
    const cold = await painted();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await b.page.reload();
      warm.push(await painted());
    }
    warm.sort((x, y) => x - y);
    console.log(`endpoints page, ${VPCS * 2} endpoints, first paint with rows (target < 1 s):`);
    console.log(`  cold ${cold.toFixed(0)} ms; warm median ${warm[Math.floor(RUNS / 2)]!.toFixed(0)} ms, max ${warm[RUNS - 1]!.toFixed(0)} ms (${RUNS} reloads)`);
    if (b.problems.length > 0) console.log(`  browser problems: ${b.problems.join('; ')}`);
  } finally {
    await b.close();
    await h.close();
  }
}
