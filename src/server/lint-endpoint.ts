/** @module `GET /_vpce/lint[?volume-gb=N]`: lint the server's live state (model records and S3 buckets) and answer the JSON report `vpce lint --format json` prints. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlowRecords, type FlowRecord } from '../lint/flow-log.js';
import { formatJson } from '../lint/format-text.js';
import { runLint } from '../lint/run.js';
import type { LintBucket } from '../lint/types.js';
import type { World } from '../model/world.js';
import type { Logs } from './logs.js';
import { compilerFor } from './network.js';

/** The flow log files of a state directory (`<dir>/logs/flow/*.log`), parsed; none when there are none. */
export function flowLogsIn(dir: string): FlowRecord[] {
  const flowDir = join(dir, 'logs', 'flow');
  if (!existsSync(flowDir)) return [];
  return readdirSync(flowDir).filter((f) => f.endsWith('.log')).sort().flatMap((f) => parseFlowRecords(readFileSync(join(flowDir, f), 'utf8')));
}

/** A running server's flow logs: its files (flushed first) when it keeps state on disk, else the lines it keeps in memory. */
export function serverFlowLogs(dataDir: string | null, logs: Logs): FlowRecord[] {
  logs.flush();
  return dataDir !== null ? flowLogsIn(dataDir) : parseFlowRecords(logs.recent('flow').join('\n'));
}

export interface LintResponse {
  readonly status: number;
  readonly body: string;
}

export function handleLint(world: World, buckets: readonly LintBucket[], query: string, flowLogs: readonly FlowRecord[] = []): LintResponse {
  const params = new URLSearchParams(query);
  const volume = params.get('volume-gb');
  let volumeGb: number | undefined;
  if (volume !== null) {
    volumeGb = Number(volume);
    if (volume === '' || !Number.isFinite(volumeGb) || volumeGb < 0) {
      return { status: 400, body: `${JSON.stringify({ error: 'BadRequest', message: `volume-gb must be a number of GB >= 0, got ${JSON.stringify(volume)}` })}\n` };
    }
  }
  const report = runLint({ world, buckets, view: compilerFor(world).view(), options: { ...(volumeGb !== undefined ? { volumeGb } : {}), flowLogs } });
  return { status: 200, body: formatJson(report) };
}
