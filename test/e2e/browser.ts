/**
 * @module Headless Chromium (Debian's package) driven by playwright-core, for the console's browser tests and
 * benchmark: a fresh profile per launch, every browser console error and page error collected, and any request
 * that leaves the vpce server recorded (the console must work offline).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined. Under CI a missing browser is a failure, never a skip. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing, and CI=true: install Debian's chromium package`);
  return `${CHROMIUM} is missing (apt-get install chromium); skipping the browser tests locally`;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and requests to anything but `allowedOrigin`, in order. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(allowedOrigin: string, viewport = { width: 1280, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'vpce-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport });
  const problems: string[] = [];
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()} at ${m.location().url}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(allowedOrigin) && !url.startsWith('data:')) problems.push(`request outside vpce: ${url}`);
  });
  return {
    context, page, problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A browser on the console of the server at `serverUrl`, acting as `account` in `region` (the pickers' remembered
 * choice, set before the page's own script runs); `consoleUrl` is the page's address.
 */
export type ConsoleBrowser = Browser & { readonly consoleUrl: string };

export async function openConsole(serverUrl: string, account: string, region = 'us-east-1'): Promise<ConsoleBrowser> {
  const b = await openBrowser(serverUrl);
  await b.page.addInitScript({ content: `localStorage.setItem('vpce.console.account', '${account}'); localStorage.setItem('vpce.console.region', '${region}');` });
  return { ...b, consoleUrl: `${serverUrl}/_vpce/console/` };
}
