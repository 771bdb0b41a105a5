// The network explorer on the 10 000-person synthetic org
// (`orgnet synth --people 10000 --seed 1`): how long loading it and drawing
// it take in Chromium, printed for the record. Timings are reported, not
// asserted; the test asserts that everything is drawn.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desktop, screenshotPath, startBrowser, startOrgnet } from './harness.mjs';

const people = 10_000;
let orgnet, browser;
before(async () => {
  orgnet = await startOrgnet({ synth: people });
  browser = await startBrowser(orgnet.base);
});
after(async () => {
  await browser?.close();
  await orgnet?.stop();
});

test(`the explorer draws the ${people}-person synthetic org`, async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize(desktop);
  const started = Date.now();
  await page.goto(`${orgnet.base}/explorer`);
  await page.waitForFunction(() => window.orgnetExplorer?.state === 'drawn', null, { timeout: 300_000 });
  const first = await page.evaluate(() => window.orgnetExplorer);
  const firstWall = Date.now() - started;

  // Every unit open: every team and person on screen at once.
  const t0 = Date.now();
  await page.click('button:has-text("Open all")');
  await page.waitForFunction(() => window.orgnetExplorer?.state === 'updated' && window.orgnetExplorer.nodes > 10_000, null, { timeout: 300_000 });
  const all = await page.evaluate(() => window.orgnetExplorer);
  const allWall = Date.now() - t0;
  await page.screenshot({ path: screenshotPath('explorer-10k-desktop') });

  // Highlight who can act on a matter, chosen by name as a user would: the
  // first the picker offers for "a". The org is not loaded again.
  await page.evaluate(() => (window.orgnetExplorer.state = 'picking'));
  const t1 = Date.now();
  await page.fill('form.picker input', 'a');
  await page.waitForSelector('#matter-options option', { state: 'attached' });
  await page.click('form.picker button');
  await page.waitForSelector('#highlight-status');
  await page.waitForFunction(() => window.orgnetExplorer?.state === 'updated', null, { timeout: 300_000 });
  const highlightWall = Date.now() - t1;
  const highlighted = await page.textContent('#highlight-status');
  assert.match(page.url(), /[?&]matter=/);

  console.log(`\nExplorer, ${people} people (import ${orgnet.importMs} ms):`);
  console.log(`  first view: org loaded in ${Math.round(first.loadMs)} ms, drawn in ${Math.round(first.drawMs)} ms (${first.nodes} nodes, ${first.edges} links); ${firstWall} ms from navigation`);
  console.log(`  everything open: ${all.nodes} nodes and ${all.edges} links drawn in ${Math.round(all.drawMs)} ms; ${allWall} ms from the click`);
  console.log(`  a matter highlighted: ${highlightWall} ms from choosing it; ${highlighted.trim()}`);
  const byOp = {};
  for (const g of browser.graphql) {
    byOp[g.operation] ??= { requests: 0, maxRoundTrips: 0 };
    byOp[g.operation].requests++;
    byOp[g.operation].maxRoundTrips = Math.max(byOp[g.operation].maxRoundTrips, g.roundTrips ?? 0);
  }
  console.log('  GraphQL requests:', JSON.stringify(byOp));

  assert.ok(all.nodes >= people, `${all.nodes} nodes on screen with everything open`);
  assert.match(highlighted, /can act on/);
  for (const g of browser.graphql) assert.deepEqual(g.errors, [], `${g.operation} answered errors`);
  assert.deepEqual(browser.problems, []);
  assert.deepEqual(browser.outside, []);
});
