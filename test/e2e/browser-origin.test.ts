/**
 * @module A web page open in a browser on the same host must not drive vpce. Headless Chromium (Debian's, through
 * playwright-core) loads a page from another port that auto-submits the cross-site form POST of issue 13
 * (CreateUser with `X-Amz-Credential` in the query: no preflight, no secret) and fires a no-cors fetch; a second
 * page, served under a name that resolves to 127.0.0.1 (DNS rebinding), posts to vpce same-origin with a foreign
 * Host. Neither creates the user (checked through the IAM API); the same request sent without a browser's Origin
 * does, so the attack is real and the guard is what stops it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { chromium, type BrowserContext } from 'playwright-core';
import { rejectsWith, startHarness, type Harness } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env['CI'] === 'true';
if (!existsSync(CHROMIUM) && inCi) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run must apt-get install chromium`);
const skip = existsSync(CHROMIUM) ? false : `no ${CHROMIUM} (apt-get install chromium); CI runs this`;
if (skip) console.log(`# browser-origin test skipped: ${skip}`);

const VICTIM = '111111111111';
const credential = (service: string): string => encodeURIComponent(`${VICTIM}/20260101/us-east-1/${service}/aws4_request`);
/** The attack's query: CreateUser, credentials in the query (a form cannot set headers). */
const attackQuery = (user: string): string =>
  `Action=CreateUser&UserName=${user}&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential('iam')}&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`;

let h: Harness;
let attacker: Server;
let attackerUrl = '';
let context: BrowserContext | undefined;
let profile = '';

before(async () => {
  h = await startHarness();
  const target = `${h.url}/?${attackQuery('evil-form')}`;
  const page = `<!doctype html><html><body>
<form id="f" method="POST" action="${target.replace(/&/g, '&amp;')}" enctype="application/x-www-form-urlencoded" target="sink">
  <input type="hidden" name="Action" value="CreateUser"><input type="hidden" name="UserName" value="evil-form"><input type="hidden" name="Version" value="2010-05-08">
</form>
<iframe name="sink" id="sink"></iframe>
<script>
  window.results = {};
  document.getElementById('sink').addEventListener('load', () => { window.results.form = 'submitted'; });
  document.getElementById('f').submit();
  fetch(${JSON.stringify(`${h.url}/?${attackQuery('evil-fetch')}`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateUser&UserName=evil-fetch&Version=2010-05-08' })
    .then(() => { window.results.fetch = 'sent'; }, (e) => { window.results.fetch = String(e); });
</script></body></html>`;
  attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
after(async () => {
  await context?.close();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
  await h.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function browser(): Promise<BrowserContext> {
  if (context) return context;
  profile = mkdtempSync(join(tmpdir(), 'vpce-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // DNS rebinding, simulated: the attacker's name now resolves to this machine. Chromium's own Private Network
      // Access checks (which would also stop a public page reaching 127.0.0.1) are off, so that vpce's guard is
      // what is tested: other and older browsers do not have them.
      '--host-resolver-rules=MAP rebind.test 127.0.0.1',
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks'],
  });
  return context;
}

const userExists = async (name: string): Promise<boolean> => {
  try { await h.iam(VICTIM).send(new GetUserCommand({ UserName: name })); return true; } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException') return false;
    throw e;
  }
};

describe('a web page in a browser on the same host', { skip }, () => {
  it('cannot create an IAM user with a cross-site form POST or a no-cors fetch (foreign Origin refused, 403)', async () => {
    const ctx = await browser();
    const page = await ctx.newPage();
    const answers: number[] = [];
    page.on('response', (r) => { if (r.url().startsWith(h.url)) answers.push(r.status()); });
    await page.goto(attackerUrl);
    await page.waitForFunction('window.results && window.results.form !== undefined && window.results.fetch !== undefined', undefined, { timeout: 15_000 });
    await page.close();
    assert.ok(answers.length >= 1 && answers.every((s) => s === 403), `vpce answered ${answers.join(', ')}`);
    assert.equal(await userExists('evil-form'), false);
    assert.equal(await userExists('evil-fetch'), false);
  });

  it('cannot reach it through a rebound DNS name: same-origin to the page, but a foreign Host (403)', async () => {
    const ctx = await browser();
    const page = await ctx.newPage();
    const port = new URL(h.url).port;
    const origin = `http://rebind.test:${port}`;
    // The attacker's page, served under the name before it was rebound (intercepted: vpce never served it).
    await page.route(`${origin}/attack.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>rebind</title>' }));
    await page.goto(`${origin}/attack.html`);
    const answer = await page.evaluate(async (q) => {
      const r = await fetch(`/?${q}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateUser&UserName=evil-rebind&Version=2010-05-08' });
      return { status: r.status, text: await r.text() };
    }, attackQuery('evil-rebind'));
    await page.close();
    assert.equal(answer.status, 403);
    assert.match(answer.text, /refuses Host 'rebind\.test:\d+'.*DNS rebinding/);
    assert.equal(await userExists('evil-rebind'), false);
  });

  it('control: the same request without a browser (no Origin, own Host) does create the user in open mode', async () => {
    const res = await fetch(`${h.url}/?${attackQuery('control-user')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateUser&UserName=control-user&Version=2010-05-08' });
    assert.equal(res.status, 200, await res.text());
    assert.equal(await userExists('control-user'), true);
    await rejectsWith(h.iam(VICTIM).send(new GetUserCommand({ UserName: 'evil-form' })), 'NoSuchEntityException', 404);
  });
});
