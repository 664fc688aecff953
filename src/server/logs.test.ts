/** @module Log files: every buffered line reaches its file, however many files are written, and after close. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trace } from '../engine/trace.js';
import type { GateResult } from './gate.js';
import { openLogs } from './logs.js';

/** A request refused on the way out of an instance in `vpcId` (the trace holds only what the log reads). */
function refusedFrom(vpcId: string, n: number): GateResult {
  const trace = {
    flow: { account: '111111111111', destinationIp: '52.216.0.10' },
    steps: [{ decidedBy: { by: 'source', networkInterfaceId: `eni-${n}`, privateIp: `10.0.0.${n % 250}` } }],
    disposition: { kind: 'noRoute' },
  } as unknown as Trace;
  return {
    reachable: false, trace, vpcId, hostname: 's3.us-east-1.amazonaws.com', sourceAddress: `10.0.0.${n % 250}`,
    identity: { accessKeyId: undefined, account: '111111111111', region: 'us-east-1', service: 's3' },
    caller: { account: '111111111111', region: 'us-east-1', principalArn: 'arn:aws:iam::111111111111:root' },
  };
}

describe('log files', () => {
  // More VPCs than descriptors kept open: the least recently written file is closed and reopened for appending,
  // so no line is lost or written to the wrong file.
  it('appends every line to its own file across more flow logs than it keeps open, and after close', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpce-logs-'));
    try {
      const logs = openLogs(dir);
      const vpcs = Array.from({ length: 45 }, (_, i) => `vpc-${String(i).padStart(4, '0')}`);
      for (let round = 0; round < 3; round++) {
        for (const [i, vpc] of vpcs.entries()) logs.request({ pass: refusedFrom(vpc, i), service: 's3', inBytes: 100, outBytes: 0, started: Date.now() });
        logs.flush();
      }
      logs.close();
      // A line written after close opens its file again.
      logs.request({ pass: refusedFrom(vpcs[0]!, 0), service: 's3', inBytes: 100, outBytes: 0, started: Date.now() });
      logs.flush();
      logs.close();
      assert.equal(readdirSync(join(dir, 'logs', 'flow')).length, vpcs.length);
      for (const [i, vpc] of vpcs.entries()) {
        const lines = readFileSync(join(dir, 'logs', 'flow', `${vpc}.log`), 'utf8').trim().split('\n');
        assert.equal(lines.length, i === 0 ? 4 : 3, vpc);
        for (const line of lines) assert.match(line, new RegExp(`^2 111111111111 eni-${i} 10\\.0\\.0\\.${i} 52\\.216\\.0\\.10 \\d+ 443 6 `));
      }
      const api = readFileSync(join(dir, 'logs', 'api.jsonl'), 'utf8').trim().split('\n');
      assert.equal(api.length, vpcs.length * 3 + 1);
      assert.equal((JSON.parse(api[0]!) as { vpceNetwork: { delivered: boolean } }).vpceNetwork.delivered, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
