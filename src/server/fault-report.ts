/**
 * @module How the server reports an error no AWS rule produced. Storage faults are expected in operation and
 * said in one line, not a stack: a full disk (the first time, then at most once a minute with a count, so a client
 * retrying does not flood the log), a failing device the same way, and a lost S3 object (metadata without its body
 * file) once per object. Anything else is a bug and is logged with its stack.
 */
import { LostObjectError, storageFaultOf } from '../persistence/storage-faults.js';

const QUIET_MS = 60_000;
const lastSaid = new Map<string, { at: number; since: number }>();
const lostReported = new Set<string>();

function sayEvery(kind: string, line: string): void {
  const now = Date.now();
  const seen = lastSaid.get(kind);
  if (seen !== undefined && now - seen.at < QUIET_MS) { seen.since++; return; }
  const more = seen !== undefined && seen.since > 0 ? ` (${seen.since} more since the last report)` : '';
  lastSaid.set(kind, { at: now, since: 0 });
  console.error(`${line}${more}`);
}

/** Log an unexpected error of a service's request the way its kind deserves. */
export function reportInternal(service: string, e: unknown, operation?: string): void {
  const where = `${service}${operation ? ` ${operation}` : ''}`;
  if (e instanceof LostObjectError) {
    const id = `${e.bucket}\0${e.key}\0${e.file}`;
    if (lostReported.has(id)) return;
    lostReported.add(id);
    console.error(`vpce: lost object: ${e.message}; answering InternalError`);
    return;
  }
  const fault = storageFaultOf(e);
  const detail = e instanceof Error ? e.message : String(e);
  if (fault === 'full') {
    sayEvery('full', `vpce: disk full: a ${where} write failed (${detail}); writes answer a retryable 5xx error and nothing is half-applied. Free space (deletes still work) and retry.`);
    return;
  }
  if (fault === 'io') {
    sayEvery('io', `vpce: storage error: a ${where} request failed (${detail}); answered a retryable 5xx error.`);
    return;
  }
  console.error(`vpce: ${where} internal error:`, e);
}
