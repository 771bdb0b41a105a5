// The planner app end to end in Chromium against orgnet serve with the demo
// org: every view loads with no console error at desktop and phone width
// (screenshots in e2e/out), the demo facts of seed/README.md appear where
// they should, search works from the keyboard, deep links and the back
// button work, and every GraphQL request the app sends costs a bounded
// number of database round trips.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desktop, openView, phone, screenshotPath, startBrowser, startOrgnet, waitReady } from './harness.mjs';

// The most database round trips one request of the app may cost: each
// level of nesting is one batched load, whatever the list sizes.
const maxRoundTrips = 30;

const views = [
  { name: 'search', url: '/search?q=card', h1: 'Search' },
  { name: 'person', url: '/people/p-sara-nyberg', h1: 'Sara Nyberg' },
  { name: 'team', url: '/teams/t-phone-frontline', h1: 'Phone Front Line' },
  { name: 'matter', url: '/matters/m-card-fee-refund?amount=2000', h1: 'Card fee refund' },
  { name: 'touchpoint', url: '/touchpoints/tp-phone?matter=m-card-fee-refund&amount=2000', h1: 'Customer service phone' },
  { name: 'health', url: '/health', h1: 'Org health' },
  { name: 'explorer', url: '/explorer?matter=m-card-fee-refund&amount=2000&open=*', h1: 'Network explorer' },
];

let orgnet, browser, page;
const loadTimes = {};
before(async () => {
  orgnet = await startOrgnet('demo');
  browser = await startBrowser(orgnet.base);
  page = await browser.context.newPage();
  // Once round, untimed: a database just started plans and compiles each
  // question on first use, which is not what a view's load time measures.
  for (const v of views) await openView(page, url(v.url));
});
after(async () => {
  if (Object.keys(loadTimes).length > 0) {
    console.log('\nView load times on the demo org (ms, from navigation to the view showing its data; the database warmed by one round of every view):');
    for (const [k, v] of Object.entries(loadTimes)) console.log(`  ${k.padEnd(24)} ${v}`);
    const byOp = {};
    for (const g of browser.graphql) byOp[g.operation] = Math.max(byOp[g.operation] ?? 0, g.roundTrips ?? 0);
    console.log('Most database round trips of one request, by operation:', JSON.stringify(byOp));
  }
  await browser?.close();
  await orgnet?.stop();
});

const url = (path) => orgnet.base + path;

describe('every view loads with no console error', () => {
  for (const size of [
    ['desktop', desktop],
    ['phone', phone],
  ]) {
    for (const v of views) {
      test(`${v.name} at ${size[0]} width`, async () => {
        await page.setViewportSize(size[1]);
        const before = browser.problems.length;
        loadTimes[`${v.name} (${size[0]})`] = await openView(page, url(v.url));
        assert.equal((await page.textContent('h1'))?.trim(), v.h1);
        await page.screenshot({ path: screenshotPath(`${v.name}-${size[0]}`) });
        assert.deepEqual(browser.problems.slice(before), []);
        // Usable at phone width: nothing makes the page scroll sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${v.name} is ${overflow} px wider than the ${size[0]} window`);
      });
    }
  }
  test('no request left the machine', () => assert.deepEqual(browser.outside, []));
});

describe('the demo facts of seed/README.md', () => {
  before(() => page.setViewportSize(desktop));

  /** The route the touchpoint view draws: node names, touchpoint first. */
  async function route(path) {
    await openView(page, url(path));
    const hops = await page.getAttribute('.route-answer', 'data-hops');
    const nodes = await page.$$eval('ol.route li .node a', (as) => as.map((a) => a.getAttribute('href')));
    return { hops, nodes, actor: await page.getAttribute('.route-answer', 'data-actor') };
  }

  test('a card fee refund of 300 SEK on the phone is 2 hops, to the phone front line', async () => {
    const r = await route('/touchpoints/tp-phone?matter=m-card-fee-refund&amount=300');
    assert.equal(r.hops, '2');
    // seed/README.md shows Sara Nyberg; every advisor of the front line is as near, and customerDistance names the smallest id.
    assert.deepEqual(r.nodes.slice(0, 2), ['/touchpoints/tp-phone', '/teams/t-phone-frontline']);
    assert.match(r.nodes[2], /^\/people\//);
    assert.ok(r.actor <= 'p-sara-nyberg', r.actor);
    const row = await page.textContent('table.handlings tr[aria-current="true"]');
    assert.match(row, /Card fee refund.*yes/);
  });

  test('2 000 SEK is 4 hops through Customer Journey: Cards, to the nearest with the smallest id', async () => {
    const r = await route('/touchpoints/tp-phone?matter=m-card-fee-refund&amount=2000');
    assert.equal(r.hops, '4');
    assert.deepEqual(r.nodes.slice(0, 4), ['/touchpoints/tp-phone', '/teams/t-phone-frontline', '/people/p-sara-nyberg', '/teams/t-cj-cards']);
    // seed/README.md: Klara Martinsson, Albin Dahlberg and Moa Eliasson are all 4 hops away; customerDistance names the smallest id.
    assert.equal(r.actor, 'p-albin-dahlberg');
    assert.equal(r.nodes.at(-1), '/people/p-albin-dahlberg');
    assert.match(await page.textContent('.route-answer'), /4 hops to Albin Dahlberg/);
    // The front line cannot act on it at 2 000 SEK, and the table says so.
    const row = await page.textContent('table.handlings tr[aria-current="true"]');
    assert.match(row, /Card fee refund.*no/);
  });

  test('20 000 SEK is 6 hops, and only Eva Lundgren can', async () => {
    const r = await route('/touchpoints/tp-phone?matter=m-card-fee-refund&amount=20000');
    assert.equal(r.hops, '6');
    assert.deepEqual(r.nodes.slice(-3), ['/people/p-klara-martinsson', '/people/p-bjorn-sjostrom', '/people/p-eva-lundgren']);
  });

  test('a chargeback of 150 000 SEK on the phone is stranded: its holder is inactive', async () => {
    const r = await route('/touchpoints/tp-phone?matter=m-chargeback&amount=150000');
    assert.equal(r.hops, 'none');
    await openView(page, url('/people/p-gustav-lindeberg'));
    assert.match(await page.textContent('.subtitle'), /inactive/);
    assert.match(await page.textContent('#mandates-held-directly'), /not in force|chargeback/i);
  });

  test('org health: 2 545 stranded at Fjorda and the website, two orphan matters, two key people', async () => {
    await openView(page, url('/health'));
    const figures = await page.textContent('.figures');
    assert.match(figures, /Stranded\s*2 545/);
    assert.match(figures, /Empowerment\s*45 %/);
    assert.match(figures, /Needs a person\s*31 462\.5/);
    const stranded = await page.$$eval('#stranded-volume-by-touchpoint li', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(stranded, ['Web assistant Fjorda2 385', 'Website160']);
    assert.deepEqual(await page.$$eval('#orphan-matters li', (ls) => ls.map((l) => l.textContent)), ['Web content', 'Web FAQ content']);
    assert.deepEqual(await page.$$eval('#key-people tbody tr td:first-child a', (as) => as.map((a) => a.textContent)), ['Henrik Dahl', 'Jenny Carlsson']);
  });

  test('org health figures link to what explains them', async () => {
    await openView(page, url('/health'));
    await page.click('#empowerment-by-channel a.bar:has-text("Web")');
    await page.waitForURL(/\/health\?channel=WEB#touchpoints$/);
    const rows = await page.$$eval('#touchpoints tbody td:first-child', (tds) => tds.map((td) => td.textContent));
    assert.ok(rows.includes('Website web') && rows.includes('Web assistant Fjorda web'), `rows: ${rows}`);
    assert.ok(rows.every((r) => r.endsWith(' web')), `only web touchpoints: ${rows}`);
    await page.click('#stranded-volume-by-touchpoint a.bar:has-text("Fjorda")');
    await page.waitForURL(/\/touchpoints\/tp-web-assistant$/);
    await waitReady(page);
    assert.match(await page.textContent('.route-answer'), /Stranded/);
  });

  test('only Jenny Carlsson can act on accounts', async () => {
    await openView(page, url('/matters/m-accounts'));
    assert.deepEqual(await page.$$eval('table.actors tbody td:first-child a', (as) => as.map((a) => a.textContent)), ['Jenny Carlsson']);
  });

  test('the matter view draws the delegation chains of who can act', async () => {
    await openView(page, url('/matters/m-card-fee-refund?amount=2000'));
    const people = await page.$$eval('table.actors tbody td:first-child a', (as) => as.map((a) => a.textContent));
    for (const name of ['Klara Martinsson', 'Albin Dahlberg', 'Moa Eliasson', 'Eva Lundgren']) assert.ok(people.includes(name), `${name} in ${people}`);
    assert.ok(!people.includes('Sara Nyberg'), 'the front line holds only 500 SEK');
    const boxes = await page.$$eval('.chain-graph g.node text.t1', (ts) => ts.map((t) => t.textContent));
    assert.ok(boxes.length >= 2, `mandate boxes: ${boxes}`);
    assert.ok(await page.$('.chain-graph path.edge'), 'a delegation is drawn');
  });

  test('the explorer highlights everyone who can act on a matter', async () => {
    await openView(page, url('/explorer?matter=m-accounts'));
    assert.match(await page.textContent('#highlight-status'), /1 person can act on Accounts/);
    await page.click('#highlight-status button');
    await page.waitForFunction(() => window.orgnetExplorer?.state === 'updated');
    assert.match(await page.textContent('.tree'), /1 can act/);
  });
});

describe('search and links', () => {
  before(() => page.setViewportSize(desktop));

  test('search from the keyboard: type, arrows, Enter; back returns to the results', async () => {
    await openView(page, url('/'));
    await page.keyboard.type('nyberg');
    await page.waitForSelector('#search-results [role="option"]:has-text("Sara Nyberg")');
    await page.waitForURL(/\/search\?q=nyberg$/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/people\/p-sara-nyberg$/);
    await waitReady(page);
    assert.equal(await page.textContent('h1'), 'Sara Nyberg');
    await page.goBack();
    await page.waitForURL(/\/search\?q=nyberg$/);
    assert.equal(await page.inputValue('#search-input'), 'nyberg');
  });

  test('what is typed into search is text, never markup', async () => {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      d.dismiss();
    });
    await openView(page, url('/search'));
    await page.keyboard.type('<img src=x onerror=alert(1)>"\'');
    await page.waitForSelector('#search-status:has-text("Nothing is named like")');
    assert.equal(await page.$('#search-results img'), null);
    assert.equal(dialogs, 0);
  });

  test('search finds teams, matters and touchpoints too', async () => {
    await openView(page, url('/search?q=card'));
    await page.waitForSelector('#search-results [role="option"]');
    const groups = await page.$$eval('#search-results .group-label', (ls) => ls.map((l) => l.textContent));
    assert.ok(groups.some((g) => g.startsWith('Teams')) && groups.some((g) => g.startsWith('Matters')), `groups: ${groups}`);
    await openView(page, url('/search?q=phone'));
    await page.waitForSelector('#search-results [role="option"]:has-text("Customer service phone")');
  });

  test('/ anywhere goes to search', async () => {
    await openView(page, url('/matters/m-accounts'));
    await page.keyboard.press('/');
    await page.waitForURL(/\/search$/);
    // The search view focuses its input once it has rendered, just after
    // the URL changes.
    await page.waitForFunction(() => document.activeElement?.id === 'search-input', null, { timeout: 5_000 })
      .catch(() => {});
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
  });

  test('a deep link opens its view, links move between views, back goes back', async () => {
    await openView(page, url('/people/p-jenny-carlsson'));
    assert.equal(await page.textContent('h1'), 'Jenny Carlsson');
    await page.click('#can-act-on a:has-text("Estate handling")');
    await page.waitForURL(/\/matters\/m-estate-handling$/);
    await waitReady(page);
    assert.equal(await page.textContent('h1'), 'Estate handling');
    await page.goBack();
    await page.waitForURL(/\/people\/p-jenny-carlsson$/);
    await waitReady(page);
    assert.equal(await page.textContent('h1'), 'Jenny Carlsson');
    await page.reload();
    await waitReady(page);
    assert.equal(await page.textContent('h1'), 'Jenny Carlsson');
  });

  test('an unknown id and an unknown page say so', async () => {
    await openView(page, url('/people/p-nobody'));
    assert.equal(await page.textContent('h1'), 'No such person');
    await openView(page, url('/teams/%3Cb%3Ex%2Fy%3C%2Fb%3E'));
    assert.equal(await page.textContent('h1'), 'No such team');
    assert.match(await page.textContent('article.view'), /No team has the id “<b>x\/y<\/b>”/, 'an id is shown as text, decoded');
    await page.goto(url('/no/such/page'));
    await page.waitForSelector('h1');
    assert.equal(await page.textContent('h1'), 'Not found');
  });

  test('every GraphQL request cost a bounded number of database round trips, without errors', () => {
    assert.ok(browser.graphql.length > 10, `only ${browser.graphql.length} requests seen`);
    assert.equal(browser.graphql.flatMap((g) => g.errors).length, 1, 'one NOT_FOUND, for p-nobody (an unknown team is a null, not an error)');
    for (const g of browser.graphql) {
      assert.equal(typeof g.roundTrips, 'number', `${g.operation} reported no round trips`);
      assert.ok(g.roundTrips <= maxRoundTrips, `${g.operation} cost ${g.roundTrips} round trips`);
      // The one error asked for: the person with an unknown id.
      assert.deepEqual(g.errors.filter((e) => e.extensions?.code !== 'NOT_FOUND'), [], `${g.operation} answered errors`);
    }
  });
});
