/** @module `GET /_vpce/lint[?volume-gb=N]`: lint the server's live state (model records and S3 buckets) and answer the JSON report `vpce lint --format json` prints. */
import { formatJson } from '../lint/format-text.js';
import { runLint } from '../lint/run.js';
import type { LintBucket } from '../lint/types.js';
import type { World } from '../model/world.js';
import { compilerFor } from './network.js';

export interface LintResponse {
  readonly status: number;
  readonly body: string;
}

export function handleLint(world: World, buckets: readonly LintBucket[], query: string): LintResponse {
  const params = new URLSearchParams(query);
  const volume = params.get('volume-gb');
  let volumeGb: number | undefined;
  if (volume !== null) {
    volumeGb = Number(volume);
    if (volume === '' || !Number.isFinite(volumeGb) || volumeGb < 0) {
      return { status: 400, body: `${JSON.stringify({ error: 'BadRequest', message: `volume-gb must be a number of GB >= 0, got ${JSON.stringify(volume)}` })}\n` };
    }
  }
  const report = runLint({ world, buckets, view: compilerFor(world).view(), options: volumeGb !== undefined ? { volumeGb } : {} });
  return { status: 200, body: formatJson(report) };
}
