// Sign-in end to end, with access control on: orgnet serve over the demo
// org with API tokens issued by `orgnet token create`. Without a token the
// app shows its sign-in view and asks the API nothing; a bad token is
// refused with a message and not kept; a good one opens the view the URL
// asked for and shows who is signed in; the history offers an admin the
// revert and a reader none; a token revoked while signed in sends the tab
// back to sign-in with a message. The tokens end local mode in the test
// database, so it is emptied afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desktop, openView, orgnetCommand, phone, screenshotPath, startBrowser, startOrgnet, waitReady, wipeDatabase } from './harness.mjs';

let orgnet, browser, page, admin, reader;
before(async () => {
  orgnet = await startOrgnet('demo');
  admin = orgnetCommand(['token', 'create', '--name', 'e2e-admin', '--role', 'admin']).trim();
  reader = orgnetCommand(['token', 'create', '--name', 'e2e-reader', '--role', 'reader']).trim();
  // Local mode ends within a second of the first token, in every process.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cfg = await (await fetch(`${orgnet.base}/auth/config`)).json();
    if (cfg.mode === 'tokens') break;
    assert.ok(Date.now() < deadline, `still ${cfg.mode} mode 10 s after the first token`);
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await startBrowser(orgnet.base);
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.close();
  await orgnet?.stop();
  wipeDatabase();
});

const url = (path) => orgnet.base + path;
/** Chromium logs every 401 answer as a console error; those the test provokes are expected. */
const unexpected = (problems) => problems.filter((p) => !/status of 401/.test(p));

async function signIn(token) {
  await page.fill('#token-input', token);
  await page.click('form.signin button[type=submit]');
}

test('without a token, a deep link shows the sign-in view and the API is asked nothing', async () => {
  const sent = browser.graphql.length;
  await openView(page, url('/people/p-sara-nyberg'));
  assert.equal((await page.textContent('h1'))?.trim(), 'Sign in');
  assert.equal(browser.graphql.length, sent, 'no GraphQL request without a token');
  assert.equal(await page.$('.who'), null, 'nobody is shown as signed in');
  await page.screenshot({ path: screenshotPath('signin-desktop') });
  await page.setViewportSize(phone);
  await page.screenshot({ path: screenshotPath('signin-phone') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the sign-in view is ${overflow} px wider than a phone`);
  await page.setViewportSize(desktop);
  assert.deepEqual(browser.problems, []);
});

test('a bad token is refused with a message, and not kept', async () => {
  for (const bad of ['orgnet_000000000000_' + 'x'.repeat(43), 'not-a-token-at-all']) {
    await openView(page, url('/people/p-sara-nyberg'));
    await signIn(bad);
    const alert = await page.waitForSelector('form.signin [role=alert]');
    assert.match(await alert.textContent(), /Not signed in.*did not accept the token/);
    assert.equal((await page.textContent('h1'))?.trim(), 'Sign in');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('orgnet.token')), null);
  }
  await page.screenshot({ path: screenshotPath('signin-refused-desktop') });
  assert.deepEqual(unexpected(browser.problems), []);
});

test('a good token opens the view the URL asked for, and every view loads', async () => {
  const sent = browser.graphql.length;
  await openView(page, url('/people/p-sara-nyberg'));
  await signIn(admin);
  await page.waitForSelector('article.view[data-ready="true"] h1:text("Sara Nyberg")');
  await waitReady(page);
  assert.equal(await page.textContent('.who .who-name'), 'e2e-admin');
  assert.equal(await page.textContent('.who .tag'), 'admin');
  // The token is kept for the tab: a reload and other views go on without asking.
  for (const [path, h1] of [
    ['/matters/m-card-fee-refund?amount=2000', 'Card fee refund'],
    ['/health', 'Org health'],
    ['/changes', 'History'],
  ]) {
    await openView(page, url(path));
    assert.equal((await page.textContent('h1'))?.trim(), h1);
  }
  await page.screenshot({ path: screenshotPath('signed-in-desktop') });
  // The change history offers an admin the revert.
  await page.click('table.changes tbody tr:first-child a');
  await waitReady(page);
  assert.ok(await page.$('.revert button'), 'an admin is offered the revert');
  for (const g of browser.graphql.slice(sent)) assert.deepEqual(g.errors, [], `${g.operation} answered with errors`);
  assert.deepEqual(unexpected(browser.problems), []);
});

test('signing out forgets the token; a reader sees the history but is offered no revert', async () => {
  const change = new URL(page.url()).pathname;
  await page.click('.who button');
  await page.waitForSelector('h1:text("Sign in")');
  assert.match(await page.textContent('.notice'), /Signed out/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('orgnet.token')), null);
  assert.equal(new URL(page.url()).pathname, change, 'the URL stays, for after the next sign-in');
  await signIn(reader);
  await page.waitForSelector('.who .tag:text("reader")');
  await waitReady(page);
  assert.match((await page.textContent('h1')) ?? '', /^Change #\d+$/);
  assert.equal(await page.$('.revert button'), null, 'a reader is offered no revert');
  await openView(page, url('/changes'));
  assert.ok((await page.$$('table.changes tbody tr')).length > 0, 'a reader sees the history');
  assert.deepEqual(unexpected(browser.problems), []);
});

test('a token revoked while signed in sends the tab back to sign-in, saying why', async () => {
  orgnetCommand(['token', 'revoke', 'e2e-reader']);
  await page.goto(url('/health'));
  await page.waitForSelector('h1:text("Sign in")');
  assert.match(await page.textContent('.notice'), /no longer accepts/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('orgnet.token')), null);
  assert.equal(await page.$('.who'), null);
  assert.deepEqual(unexpected(browser.problems), []);
  assert.deepEqual(browser.outside, []);
});
