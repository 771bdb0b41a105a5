// The browser tests' harness: an `orgnet serve` of its own on a free port,
// over the test Neo4j that `make test` / `make test-e2e` start
// (ORGNET_TEST_NEO4J_URI), loaded with the org a test names; and Debian's
// Chromium driven by playwright-core, with a fresh profile, no network but
// the server, every console error and every GraphQL request's database
// round trips recorded.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const chromiumPath = process.env.ORGNET_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots: git-ignored; a few chosen ones are copied to docs/images by hand. */
export const shotsDir = path.join(here, 'out');

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

function canListen(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A port for orgnet serve: the first free one of ORGNET_E2E_PORTS ("8117-8119",
 * for a machine where others listen too and ports are handed out), else any
 * free one.
 */
async function freePort() {
  const range = process.env.ORGNET_E2E_PORTS;
  if (range) {
    const m = /^(\d+)-(\d+)$/.exec(range.trim());
    if (!m) throw new Error(`ORGNET_E2E_PORTS must be a range FIRST-LAST, not ${range}`);
    for (let p = Number(m[1]); p <= Number(m[2]); p++) if (await canListen(p)) return p;
    throw new Error(`no free port in ORGNET_E2E_PORTS=${range}`);
  }
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Fails, never skips, when what the tests need is missing. */
function need() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install Debian's package (apt-get install -y chromium); the browser tests never download a browser and never skip`);
  }
  if (!process.env.ORGNET_TEST_NEO4J_URI) {
    throw new Error('ORGNET_TEST_NEO4J_URI is not set: run the browser tests with `make test-e2e` (or `make test`), which start a local Neo4j for them');
  }
  const bin = process.env.ORGNET_BIN ?? path.join(repo, 'bin/orgnet');
  if (!fs.existsSync(bin)) throw new Error(`no orgnet binary at ${bin}: run make build`);
  return bin;
}

/**
 * Starts orgnet serve with the org: 'demo' (seed/demo.json) or a synthetic
 * org of n people ({ synth: n }). Returns its base URL and stop().
 */
export async function startOrgnet(org = 'demo') {
  const bin = need();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logs = [];
  const child = spawn(bin, ['serve'], {
    env: { ...process.env, NEO4J_URI: process.env.ORGNET_TEST_NEO4J_URI, ORGNET_ADDR: `127.0.0.1:${port}`, ORGNET_DEMO: 'false', ORGNET_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b) => logs.push(String(b)));
  child.stderr.on('data', (b) => logs.push(String(b)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`orgnet serve exited (${child.exitCode}):\n${logs.join('')}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`orgnet serve not ready in 120 s:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const snapshot =
    org === 'demo' ? fs.readFileSync(path.join(repo, 'seed/demo.json')) : execFileSync(bin, ['synth', '--people', String(org.synth), '--seed', '1'], { maxBuffer: 1 << 30 });
  const started = Date.now();
  const r = await fetch(`${base}/import?mode=replace`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: snapshot });
  if (!r.ok) throw new Error(`import of the ${org === 'demo' ? 'demo' : 'synthetic'} org: HTTP ${r.status} ${await r.text()}`);
  const importMs = Date.now() - started;
  return {
    base,
    importMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Launches Chromium with a fresh profile. Every page it opens refuses any
 * request not to base, and records console errors, page errors, failed
 * requests and, for each GraphQL request, its operation and database round
 * trips (asked for with the Orgnet-Round-Trips header).
 */
export async function startBrowser(base) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'orgnet-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: desktop,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  const outside = [];
  const graphql = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(base + '/')) {
      outside.push(url);
      return route.abort('blockedbyclient');
    }
    if (url === `${base}/graphql` && route.request().method() === 'POST') {
      const response = await route.fetch({ headers: { ...route.request().headers(), 'orgnet-round-trips': '1' } });
      const body = await response.json();
      graphql.push({ operation: /^\s*query\s+(\w+)/.exec(JSON.parse(route.request().postData() ?? '{}').query ?? '')?.[1] ?? '(anonymous)', roundTrips: body.extensions?.dbRoundTrips, errors: body.errors ?? [] });
      return route.fulfill({ response, json: body });
    }
    return route.continue();
  });
  const watch = (page) => {
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error on ${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    // A request the app aborts (it left the view before the answer came) is no failure.
    page.on('requestfailed', (r) => r.url().startsWith(base) && r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return {
    context,
    problems,
    outside,
    graphql,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name) {
  fs.mkdirSync(shotsDir, { recursive: true });
  return path.join(shotsDir, `${name}.png`);
}

/** Opens an app URL and waits until its view has its data; returns the milliseconds that took. */
export async function openView(page, url) {
  const started = Date.now();
  await page.goto(url);
  await waitReady(page);
  return Date.now() - started;
}

export async function waitReady(page) {
  if (new URL(page.url()).pathname === '/explorer') {
    await page.waitForFunction(() => window.orgnetExplorer?.state, null, { timeout: 300_000 });
  } else {
    await page.waitForSelector('article.view[data-ready="true"]', { timeout: 180_000 });
  }
  // Generous: a database just started answers its first questions slowly (plans, JIT).
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 180_000 });
}

/** Runs an orgnet command (token create, …) against the test database; returns its standard output. */
export function orgnetCommand(args) {
  const bin = need();
  return execFileSync(bin, args, { env: { ...process.env, NEO4J_URI: process.env.ORGNET_TEST_NEO4J_URI }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Empties the test database (go run ./internal/wipeneo4j): a test that
 * issues API tokens runs it after itself, since a token left there would
 * end local mode for every test after it (docs/access.md).
 */
export function wipeDatabase() {
  execFileSync(process.env.GO ?? 'go', ['run', './internal/wipeneo4j'], { cwd: repo, stdio: 'inherit' });
}
