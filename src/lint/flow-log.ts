/** @module VPC Flow Logs records (default format, version 2) as data, for the rules that price observed traffic. */

export interface FlowRecord {
  readonly interfaceId: string;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly bytes: number;
  readonly action: string;
}

/**
 * Parse flow log text. AWS ("Flow log records", default format): `version account-id interface-id srcaddr dstaddr
 * srcport dstport protocol packets bytes start end action log-status`. Lines of another shape (a header, a custom
 * format, `NODATA`/`SKIPDATA` records with `-` fields) are skipped.
 */
export function parseFlowRecords(text: string): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 14 || f[0] !== '2') continue;
    const bytes = Number(f[9]);
    if (!Number.isFinite(bytes)) continue;
    out.push({ interfaceId: f[2]!, srcAddr: f[3]!, dstAddr: f[4]!, bytes, action: f[12]! });
  }
  return out;
}
