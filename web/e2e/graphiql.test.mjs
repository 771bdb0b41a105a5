// GraphiQL, served from the orgnet binary, loads with no network and runs
// every example query of the README against the demo org.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repo, screenshotPath, startBrowser, startOrgnet } from './harness.mjs';

/**
 * The queries of the README's graphql code blocks: each top-level { … }
 * document, but not those a mutation or subscription keyword opens (the
 * README shows those with placeholders; the queries must run as written),
 * nor a query that declares variables.
 */
function readmeQueries() {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const docs = [];
  for (const [, block] of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const code = block.replace(/#.*$/gm, '');
    let depth = 0;
    let start = -1;
    let end = 0;
    for (let i = 0; i < code.length; i++) {
      if (code[i] === '{') {
        if (depth === 0) start = i;
        depth++;
      } else if (code[i] === '}' && --depth === 0) {
        const header = /\b(query|mutation|subscription)\b([^{}]*)$/.exec(code.slice(end, start));
        const keyword = header?.[1] ?? 'query';
        // A query with variables needs their values, which the README gives
        // in its prose (the scenario example; server's TestReadmeScenarioExample
        // runs that one).
        if (keyword === 'query' && !header?.[2].includes('$')) docs.push(code.slice(start, i + 1));
        end = i + 1;
      }
    }
  }
  return docs;
}

let orgnet, browser;
before(async () => {
  orgnet = await startOrgnet('demo');
  browser = await startBrowser(orgnet.base);
});
after(async () => {
  await browser?.close();
  await orgnet?.stop();
});

test('the README has example queries to run', () => {
  assert.ok(readmeQueries().length >= 4, `found ${readmeQueries().length}`);
});

test('GraphiQL loads from the binary with no network and runs the README examples', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${orgnet.base}/graphql`);
  await page.waitForSelector('.graphiql-execute-button', { timeout: 60_000 });
  // Some facts of seed/README.md that the examples show.
  const facts = [/"hops": 4/, /"allowed": false/, /"name": "Klara Martinsson"/, /"strandedVolume": 2545/];
  const queries = readmeQueries();
  for (const [i, q] of queries.entries()) {
    await page.evaluate((text) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(text), q);
    await page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror.setValue(''));
    await page.click('.graphiql-execute-button');
    const result = await page.waitForFunction(
      () => {
        const v = document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? '';
        return v.trim().startsWith('{') && v;
      },
      null,
      { timeout: 60_000 },
    );
    const text = await result.jsonValue();
    const body = JSON.parse(text);
    assert.equal(body.errors, undefined, `README example ${i + 1} answered errors: ${text.slice(0, 500)}`);
    assert.ok(body.data, `README example ${i + 1} answered no data`);
    if (facts[i]) assert.match(text, facts[i], `README example ${i + 1}`);
  }
  await page.screenshot({ path: screenshotPath('graphiql-desktop') });
  assert.deepEqual(browser.outside, [], 'requests that left the machine');
  assert.deepEqual(browser.problems, []);
});
