/** @module Flow logs and the API audit log. STUB while the logs are written. */
import type { GateResult, ServiceName } from './gate.js';

export interface Logs {
  request(pass: GateResult, service: ServiceName, r: { readonly operation?: string | undefined; readonly errorCode?: string | undefined } | undefined, inBytes: number, outBytes: number, started: number): void;
  close(): void;
}

export function openLogs(_dir: string | null): Logs {
  return { request: () => undefined, close: () => undefined };
}
