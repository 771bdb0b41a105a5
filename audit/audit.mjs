// The graphql-http server audit (the GraphQL-over-HTTP spec's checks)
// against a running orgnet: node audit.mjs http://127.0.0.1:PORT/graphql
// [extra headers as JSON]. Prints one line per audit and a closing count;
// exits 1 if any MUST fails or any SHOULD warns.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL [HEADERS_JSON]');
  process.exit(2);
}
const headers = JSON.parse(process.argv[3] ?? '{}');

const fetchWithHeaders = (input, init = {}) =>
  fetch(input, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });

let passed = 0;
let failed = 0;
for (const audit of serverAudits({ url, fetchFn: fetchWithHeaders })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed++;
    console.log(`ok    ${audit.id} ${audit.name}`);
    continue;
  }
  failed++;
  console.log(`${result.status.padEnd(5)} ${audit.id} ${audit.name}: ${result.reason}`);
  if (result.response) {
    const body = await result.response.text().catch(() => '');
    console.log(`      ${result.response.status} ${body.slice(0, 300)}`);
  }
}
console.log(`audit: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
