// GraphiQL for developers, bundled with React so that orgnet serves it with
// no network: gqlgen's own page loads React and GraphiQL from a CDN.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import { authHeaders } from '../lib/token';

const defaultQuery = `# orgnet: who can act on what. The README's examples:
# A customer phones about a card fee refund of 2 000 SEK. Who can act, and how far away?
{ customerDistance(touchpoint: "tp-phone", matter: "m-card-fee-refund", amount: 2000) {
    hops
    actor { name title }
    path { __typename ... on Touchpoint { name } ... on Team { name } ... on Person { name } } } }
`;

const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', location.href).toString(),
  // The token is read on every request, so a sign-in in the app applies here at once.
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [k, v] of Object.entries(authHeaders())) headers.set(k, v);
    return fetch(input, { ...init, headers });
  },
});

createRoot(document.getElementById('graphiql')!).render(
  createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false }),
);
