// The scenario workspace end to end, against orgnet serve with the demo org
// (local mode: everyone is admin): a scenario opened in the browser, a step
// made by hand changes the comparison with the live org, undo takes it
// back, a refused step lists its problems and leaves the scenario as it
// was, two scenarios are compared side by side, and applying one changes
// the live org as one change that the history lists.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desktop, openView, phone, screenshotPath, startBrowser, startOrgnet, waitReady } from './harness.mjs';

// The app's bound on one request's database round trips; a comparison
// asks the org's questions on both sides, so it may cost twice that.
const maxRoundTrips = 30;
const maxCompareRoundTrips = 2 * maxRoundTrips;

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

/** Waits for the comparison made after the n-th write of this view, and reads it. */
async function comparison(round) {
  await page.waitForSelector(`.comparison[data-round="${round}"]`);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  const figure = async (k) => (await page.textContent(`table.compared tr[data-figure="${k}"] td:last-child`)).trim();
  const section = async (title) =>
    page.$$eval('.comparison .section', (ss, t) => ss.find((s) => s.querySelector('h2').textContent.startsWith(t))?.querySelector('ul')?.textContent.trim() ?? '', title);
  return { empowerment: await figure('empowerment'), actors: await section('Who gains or loses'), orphans: await section('Orphan and single-actor') };
}

async function addStep(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const sel = `form.${form} [name="${name}"]`;
    if ((await page.$eval(sel, (e) => e.tagName)) === 'SELECT') await page.selectOption(sel, value);
    else await page.fill(sel, value);
  }
  await page.click(`form.${form} button[type=submit]`);
}

let first;
test('a step made by hand changes the comparison, and undo takes it back', async () => {
  await openView(page, url('/scenarios'));
  assert.equal((await page.textContent('h1'))?.trim(), 'Scenarios');
  await page.fill('#scenario-name', 'Customer service without card fee refunds');
  await page.click('form.create-scenario button[type=submit]');
  await page.waitForURL(/\/scenarios\/[^/]+$/);
  await waitReady(page);
  first = new URL(page.url()).pathname.split('/').pop();
  const untouched = await comparison(0);
  assert.equal(untouched.empowerment, '—', 'a scenario with no step is the live org');
  assert.equal(untouched.actors, '');

  await addStep('withdraw-a-mandate', { id: 'md-card-fee-refund-customer-service' });
  const withdrawn = await comparison(1);
  assert.match(withdrawn.empowerment, /^−|^-/, `empowerment falls: ${withdrawn.empowerment}`);
  assert.match(withdrawn.actors, /Card fee refund loses .*Sara Nyberg/);
  assert.equal((await page.$$('ol.steps > li')).length, 1);
  await page.screenshot({ path: screenshotPath('scenario-desktop') });
  await page.setViewportSize(phone);
  await page.screenshot({ path: screenshotPath('scenario-phone'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the workspace is ${overflow} px wider than a phone`);
  await page.setViewportSize(desktop);

  await page.click('button:text("Undo step 1")');
  const undone = await comparison(2);
  assert.equal(undone.empowerment, '—');
  assert.equal(undone.actors, '');
  // The live org never saw any of it.
  const live = await api('{ matter(id: "m-card-fee-refund") { whoCanAct(amount: 300) { person { id } } } }');
  assert.ok(live.matter.whoCanAct.some((a) => a.person.id === 'p-sara-nyberg'));
  assert.deepEqual(browser.problems, []);
});

test('a refused step lists every problem and leaves the scenario as it was', async () => {
  await addStep('move-a-person', { person: 'p-sara-nyberg', to: 't-no-such-team' });
  const problems = await page.waitForSelector('ul.problems');
  assert.match(await problems.textContent(), /t-no-such-team/);
  assert.equal((await page.$$('ol.steps > li')).length, 0);
  // A GraphQL error is answered 200: Chromium logs nothing.
  assert.deepEqual(browser.problems, []);
});

test('two scenarios side by side', async () => {
  // (The refused step made no write: this is the view's third.)
  await addStep('withdraw-a-mandate', { id: 'md-card-fee-refund-customer-service' });
  await comparison(3);
  // A second option: give the web content mandate back to someone, so the orphan matter has an actor.
  await openView(page, url('/scenarios'));
  await page.fill('#scenario-name', 'Web content back to Alice Sund');
  await page.click('form.create-scenario button[type=submit]');
  await page.waitForURL(/\/scenarios\/[^/]+$/);
  await waitReady(page);
  const second = new URL(page.url()).pathname.split('/').pop();
  await addStep('grant-a-mandate', { id: 'md-web-content-scenario', matter: 'm-web-content', holderType: 'PERSON', holder: 'p-alice-sund' });
  const granted = await comparison(1);
  assert.match(granted.orphans, /Web content is no longer orphan/);

  await openView(page, url(`/scenarios/${first}?against=${second}`));
  await comparison(0);
  assert.match(await page.textContent('.comparison h2'), /Against the scenario Web content back to Alice Sund/);
  const heads = await page.$$eval('table.compared thead th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(heads, ['Figure', 'scenario Web content back to Alice Sund', 'Customer service without card fee refunds', 'change']);
  await page.screenshot({ path: screenshotPath('scenarios-side-by-side-desktop') });
  assert.deepEqual(browser.problems, []);
});

test('an admin applies a scenario: the live org changes as one change, via scenario', async () => {
  await openView(page, url(`/scenarios/${first}`));
  await page.click('button.apply');
  const answer = await page.waitForSelector('.answer');
  assert.match(await answer.textContent(), /Applied: change #\d+/);
  const live = await api('{ matter(id: "m-card-fee-refund") { whoCanAct(amount: 300) { person { id } } } }');
  assert.ok(!live.matter.whoCanAct.some((a) => a.person.id === 'p-sara-nyberg'), 'the live org has the scenario now');
  await openView(page, url('/changes'));
  const row = await page.$$eval('table.changes tbody tr:first-child td', (tds) => tds.map((td) => td.textContent.trim()));
  assert.equal(row[3], 'scenario');
  assert.deepEqual(browser.problems, []);
});

test('every scenario request costs a bounded number of round trips', () => {
  const ops = browser.graphql.filter((g) => ['Scenarios', 'Scenario', 'Compare', 'ScenarioTeam', 'ScenarioTouchpoint'].includes(g.operation));
  assert.ok(ops.length > 0);
  for (const g of ops) {
    const most = g.operation === 'Compare' ? maxCompareRoundTrips : maxRoundTrips;
    assert.ok(g.roundTrips <= most, `${g.operation}: ${g.roundTrips} round trips, more than ${most}`);
  }
  assert.deepEqual(browser.outside, []);
});
