// The history end to end: orgnet serve over the demo org (its import is
// the first change), a write through the API, then the History view lists
// it newest first with who, when, through which door and what it did; the
// change's page shows the entity before and after; the revert (admin, as
// everyone is in local mode) writes its inverse as a new change and says
// so; a second revert of the same change is refused as a conflict with a
// message; the door filter keeps one door's changes, and an entity's view
// links to the changes that touched it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desktop, openView, phone, screenshotPath, startBrowser, startOrgnet, waitReady } from './harness.mjs';

const maxRoundTrips = 30;
const renamed = 'Card fee refund (renamed in the browser tests)';

let orgnet, browser, page;
before(async () => {
  orgnet = await startOrgnet('demo');
  browser = await startBrowser(orgnet.base);
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.close();
  await orgnet?.stop();
});

const url = (path) => orgnet.base + path;

async function api(query, variables = {}) {
  const r = await fetch(url('/graphql'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await r.json();
  assert.deepEqual(body.errors ?? [], [], query);
  return body.data;
}

const matterName = async () => (await api('{ matter(id: "m-card-fee-refund") { name } }')).matter.name;

let written;
test('a write made through the API is listed first, with who, the door and what it did', async () => {
  const { orgVersion } = await api('{ orgVersion }');
  await api(`mutation { updateMatter(input: { id: "m-card-fee-refund", name: "${renamed}", parent: "m-cards" }) { id } }`);
  written = orgVersion + 1;
  for (const [name, size] of [
    ['desktop', desktop],
    ['phone', phone],
  ]) {
    await page.setViewportSize(size);
    await openView(page, url('/changes'));
    assert.equal((await page.textContent('h1'))?.trim(), 'History');
    const first = await page.$$eval('table.changes tbody tr:first-child td', (tds) => tds.map((td) => td.textContent.trim()));
    assert.equal(first[0], `#${written}`);
    assert.match(first[2], /^local\s+admin$/);
    assert.equal(first[3], 'mutation');
    assert.equal(first[4], '1 updated');
    const last = await page.$$eval('table.changes tbody tr:last-child td', (tds) => tds.map((td) => td.textContent.trim()));
    assert.equal(last[3], 'import', 'the demo import is a change too');
    await page.screenshot({ path: screenshotPath(`changes-${name}`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the history is ${overflow} px wider than the ${name} window`);
  }
  await page.setViewportSize(desktop);
  assert.deepEqual(browser.problems, []);
});

test("a change's page shows the entity before and after, only what changed", async () => {
  await page.click('table.changes tbody tr:first-child a');
  await waitReady(page);
  assert.equal((await page.textContent('h1'))?.trim(), `Change #${written}`);
  assert.equal(new URL(page.url()).pathname.startsWith('/changes/'), true);
  const entry = await page.textContent('.entry h3');
  assert.match(entry, /update\s+matter\s+m-card-fee-refund/);
  const rows = await page.$$eval('.entry table.fields tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(rows, [['name', 'Card fee refund', renamed]]);
  await page.screenshot({ path: screenshotPath('change-desktop') });
  assert.deepEqual(browser.problems, []);
});

test('revert writes the inverse as a new change and shows the answer; a second revert is a conflict', async () => {
  await page.click('.revert button');
  const answer = await page.waitForSelector('.revert .answer');
  assert.match(await answer.textContent(), new RegExp(`Reverted: change #${written + 1} \\(revert, 1 updated\\) undoes it`));
  assert.equal(await matterName(), 'Card fee refund');
  await page.screenshot({ path: screenshotPath('change-reverted-desktop') });

  // The matter is no longer as the change left it: reverting it again is refused.
  await page.reload();
  await waitReady(page);
  await page.click('.revert button');
  const refused = await page.waitForSelector('.revert [role=alert]');
  assert.match(await refused.textContent(), /The org has changed since/);
  assert.equal(await matterName(), 'Card fee refund', 'nothing written');

  await openView(page, url('/changes'));
  const first = await page.$$eval('table.changes tbody tr:first-child td', (tds) => tds.map((td) => td.textContent.trim()));
  assert.deepEqual([first[0], first[3]], [`#${written + 1}`, `revert of #${written}`]);
  // The refused revert is the one error; Chromium logs no console error for a GraphQL error answered 200.
  assert.deepEqual(browser.problems, []);
});

test('the door filter keeps one door, and its URL is a deep link', async () => {
  await page.selectOption('form.picker select', 'IMPORT');
  await page.waitForURL(/via=IMPORT/);
  await waitReady(page);
  const doors = await page.$$eval('table.changes tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(doors.length > 0 && doors.every((d) => d === 'import'), doors.join(', '));
  await page.goBack();
  await waitReady(page);
  assert.equal(new URL(page.url()).search, '');
});

test("an entity's history is a link from its view: only the changes that touched it", async () => {
  await openView(page, url('/matters/m-card-fee-refund'));
  await page.click('.subtitle a:text("history")');
  await page.waitForURL(/\/changes\?entity=m-card-fee-refund$/);
  await waitReady(page);
  const doors = await page.$$eval('table.changes tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent.trim()));
  assert.deepEqual(doors, [`revert of #${written}`, 'mutation', 'import']);
  await page.goto(url('/changes?entity=no-such-entity'));
  await waitReady(page);
  assert.match(await page.textContent('.section .empty'), /No change matches/);
  assert.deepEqual(browser.problems, []);
});

test('every history request costs a bounded number of round trips', () => {
  const ops = browser.graphql.filter((g) => ['Changes', 'Change'].includes(g.operation));
  assert.ok(ops.length > 0);
  for (const g of ops) assert.ok(g.roundTrips <= maxRoundTrips, `${g.operation}: ${g.roundTrips} round trips`);
  assert.deepEqual(browser.outside, []);
});
