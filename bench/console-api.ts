/**
 * @module Console benchmark, server part: the time vpce takes per call the console makes, measured from Node through
 * one keep-alive connection with the headers the page sends (open mode: the account id as key), so the browser's
 * own time does not count. Each call is repeated; the median and the slowest are printed.
 */
import { request, Agent } from 'node:http';
import type { Harness } from '../test/e2e/harness.js';

const RUNS = 25;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

interface Call { readonly name: string; readonly method: 'GET' | 'POST'; readonly path: string; readonly service: string; readonly body: string; readonly type?: string }

function authorization(account: string, service: string): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `AWS4-HMAC-SHA256 Credential=${account}/${day}/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
}

function once(h: Harness, agent: Agent, account: string, c: Call): Promise<{ ms: number; status: number }> {
  const url = new URL(c.path, h.url);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: c.method, agent,
      headers: { authorization: authorization(account, c.service), ...(c.type ? { 'content-type': c.type } : {}), 'content-length': Buffer.byteLength(c.body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

/** Print the median and slowest server time of each console call against `h`'s state (ids from it). */
export async function consoleApiCalls(h: Harness, account: string, ids: { readonly vpcId: string; readonly endpointId: string }): Promise<void> {
  const ec2 = (action: string, params: Record<string, string> = {}): string => new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString();
  const calls: Call[] = [
    { name: 'DescribeVpcEndpoints (list page)', method: 'POST', path: '/', service: 'ec2', type: FORM, body: ec2('DescribeVpcEndpoints') },
    { name: 'DescribeVpcEndpoints by id (detail)', method: 'POST', path: '/', service: 'ec2', type: FORM, body: ec2('DescribeVpcEndpoints', { 'VpcEndpointId.1': ids.endpointId }) },
    { name: 'DescribeVpcs', method: 'POST', path: '/', service: 'ec2', type: FORM, body: ec2('DescribeVpcs') },
    { name: 'check CreateVpcEndpoint (wizard)', method: 'POST', path: '/_vpce/check', service: 'ec2', type: FORM, body: ec2('CreateVpcEndpoint', { VpcId: ids.vpcId, ServiceName: 'com.amazonaws.us-east-1.sqs', VpcEndpointType: 'Interface' }) },
    { name: 'GET /_vpce/lint (findings)', method: 'GET', path: '/_vpce/lint', service: 'sts', body: '' },
    { name: 'GET /_vpce/logs api (logs page)', method: 'GET', path: '/_vpce/logs?kind=api&limit=100', service: 'sts', body: '' },
  ];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  console.log(`server time per console call (keep-alive, ${RUNS} runs each, median / max):`);
  try {
    for (const c of calls) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < RUNS; i++) {
        const r = await once(h, agent, account, c);
        times.push(r.ms);
        status = r.status;
      }
      times.sort((a, b) => a - b);
      console.log(`  ${c.name.padEnd(38)} ${times[Math.floor(RUNS / 2)]!.toFixed(1).padStart(7)} ms / ${times[RUNS - 1]!.toFixed(1).padStart(7)} ms (HTTP ${status})`);
    }
  } finally {
    agent.destroy();
  }
}
