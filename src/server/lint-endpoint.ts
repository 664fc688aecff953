/**
 * @module `GET /_vpce/lint[?volume-gb=N]`: lint the server's live state (model records and S3 buckets) and answer the
 * JSON report `vpce lint --format json` prints. Authenticated like vpce's other endpoints (`vpce-access.ts`): a
 * caller named by its key sees the findings that involve its account's resources, and an IAM principal needs
 * `ec2:GetNetworkInsightsAccessScopeAnalysisFindings` (reading Network Access Analyzer's findings is AWS's nearest
 * action); an unsigned call, which only open mode answers, sees the whole state, as any caller there could name
 * each account in turn.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlowRecords, type FlowRecord } from '../lint/flow-log.js';
import { formatJson } from '../lint/format-text.js';
import { runLint } from '../lint/run.js';
import type { LintBucket } from '../lint/types.js';
import type { World } from '../model/world.js';
import type { Logs } from './logs.js';
import { compilerFor } from './network.js';
import type { AuthSettings } from './authenticate.js';
import type { Identity } from './identity.js';
import type { SignedRequest } from './signature.js';
import { accessDenied, allowed, vpceCaller } from './vpce-access.js';

/** The IAM action a principal needs to read lint findings (Network Access Analyzer's findings are the nearest AWS has). */
export const LINT_ACTION = 'ec2:GetNetworkInsightsAccessScopeAnalysisFindings';

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

/** Authenticate the caller, then lint: the whole state for an unsigned open-mode call, else the caller's account's findings. */
export function handleLintCall(
  world: World, settings: AuthSettings, req: SignedRequest, who: Identity, buckets: readonly LintBucket[], flowLogs: () => readonly FlowRecord[],
): LintResponse {
  const authn = vpceCaller(world, settings, req, who, false);
  if ('refused' in authn) return authn.refused;
  const caller = authn.caller;
  if (caller.unnamed) return handleLint(world, buckets, req.rawQuery, flowLogs());
  if (!allowed(world, caller, LINT_ACTION, '*', caller.account)) return accessDenied(caller, LINT_ACTION, '*');
  return handleLint(world, buckets, req.rawQuery, flowLogs(), caller.account);
}

/** Lint the state; with `account`, only the findings that name a resource of that account. */
export function handleLint(world: World, buckets: readonly LintBucket[], query: string, flowLogs: readonly FlowRecord[] = [], account?: string): LintResponse {
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
  if (account === undefined) return { status: 200, body: formatJson(report) };
  return { status: 200, body: formatJson({
    ...report,
    scope: report.scope.filter((p) => p.startsWith(`${account}/`)),
    findings: report.findings.filter((f) => f.resources.some((r) => r.account === account)),
  }) };
}
