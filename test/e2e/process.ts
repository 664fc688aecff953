/** @module Run `vpce serve` as a real child process (for restart and kill -9 tests and benchmarks). */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const runFile = promisify(execFile);

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Milliseconds from spawn until the health endpoint answered. */
  readonly startupMs: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `vpce serve --port 0` with the given state and wait until /_vpce/health answers. */
export async function serveProcess(state: string, extra: string[] = []): Promise<ServeProcess> {
  const started = performance.now();
  // VPCE_SERVE_NODE_ARGS passes node flags to the server (e.g. --cpu-prof) when profiling a benchmark.
  const nodeArgs = (process.env['VPCE_SERVE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--port', '0', '--state', state, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`vpce serve exited with ${code}: ${stderr}`)));
  });
  for (;;) {
    // A child that died after printing its address would otherwise be polled forever.
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`vpce serve exited before it was healthy: ${stderr}`);
    try {
      const res = await fetch(`${url}/_vpce/health`);
      if (res.ok) { await res.text(); break; }
    } catch { /* not yet */ }
  }
  const startupMs = performance.now() - started;
  return {
    child, url, startupMs,
    stop: (signal = 'SIGTERM') => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}

/** Run the `vpce` CLI as a child process; never throws, returns exit code and output. */
export async function runVpce(args: string[], env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: '', VPCE_ENDPOINT_URL: '' }): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await runFile(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
