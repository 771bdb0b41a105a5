// A touchpoint: each matter it handles with the volume that needs a person,
// whether the front line can act, and, for the chosen matter, the route to
// the nearest person who can, drawn hop by hop. The route is asked for one
// matter at a time (customerDistance, one database round trip), so the view
// costs the same whatever the number of matters; the matter and the amount
// are in the URL (/touchpoints/tp-phone?matter=m-card-fee-refund&amount=2000).
import { gql } from '../../lib/api';
import { frontLinePageQuery, routeQuery, touchpointQuery } from '../queries';
import { navigate, withQuery } from '../router';
import { AmountField, Empty, EntityLink, Links, Loaded, Named, NodeLink, num, pct, RouteNode, RouteView, Section, View, useLoad, useQuery, HistoryLink } from '../ui';

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (Named & { title: string | null })[];
}
interface Handling {
  volume: number;
  selfServiceRate: number;
  residual: number;
  matter: Named & { whoCanAct: { person: { id: string } }[] };
}
interface TouchpointData {
  touchpoint: {
    id: string;
    name: string;
    channel: string;
    selfService: boolean;
    staffedBy: (Named & { __typename: 'Person' | 'Team' })[];
    escalatesTo: (Named & { channel: string })[];
    escalatedFrom: (Named & { channel: string })[];
    frontLine: Page;
    handles: Handling[];
  } | null;
}
interface Route {
  hops: number;
  actor: Named & { title: string | null };
  path: RouteNode[];
}

/** The touchpoint with its whole front line: further pages only when it has more than a page's people. */
async function loadTouchpoint(id: string, amount: number | null, at: string | null, signal: AbortSignal): Promise<TouchpointData> {
  const d = await gql<TouchpointData>(touchpointQuery, { id, amount, at }, signal);
  const tp = d.touchpoint;
  if (!tp) return d;
  let page = tp.frontLine;
  while (page.pageInfo.hasNextPage) {
    const next = await gql<{ touchpoint: { frontLine: Page } | null }>(frontLinePageQuery, { id, after: page.pageInfo.endCursor }, signal);
    if (!next.touchpoint) break;
    page = next.touchpoint.frontLine;
    tp.frontLine.nodes.push(...page.nodes);
  }
  return d;
}

export function TouchpointView({ id, query }: { id: string; query: URLSearchParams }) {
  const amountText = query.get('amount');
  const amount = amountText === null ? null : Number(amountText);
  const at = query.get('at');
  const load = useLoad((signal) => loadTouchpoint(id, amount, at, signal), [id, amount, at]);
  return (
    <Loaded load={load} what="the touchpoint" page="No such touchpoint">
      {(d) => (d.touchpoint ? <Touchpoint d={d} query={query} /> : <View title="No such touchpoint" ready>No touchpoint has the id “{id}”.</View>)}
    </Loaded>
  );
}

function Touchpoint({ d, query }: { d: TouchpointData; query: URLSearchParams }) {
  const tp = d.touchpoint!;
  const amountText = query.get('amount');
  const amount = amountText === null ? null : Number(amountText);
  const front = new Set(tp.frontLine.nodes.map((p) => p.id));
  const canAct = (h: Handling) => h.matter.whoCanAct.some((a) => front.has(a.person.id));
  const chosen = tp.handles.find((h) => h.matter.id === query.get('matter')) ?? tp.handles[0];
  const total = tp.handles.reduce((s, h) => s + h.residual, 0);
  const empowered = tp.handles.filter(canAct).reduce((s, h) => s + h.residual, 0);
  return (
    <View
      title={tp.name}
      subtitle={
        <>
          Touchpoint · {tp.channel.toLowerCase()} {tp.selfService && '· self-service'} · id {tp.id} · <HistoryLink id={tp.id} />
        </>
      }
      ready
    >
      <p class="lead">
        {num(total)} cases a month need a person here; the front line can act on {pct(total ? empowered / total : null)} of them
        {amountText ? ` (at ${amountText} SEK)` : ''}.
      </p>
      {chosen && <RouteSection tp={tp.id} matter={chosen.matter} amount={amount} at={query.get('at')} />}
      <Section title="Matters handled" count={tp.handles.length}>
        <AmountField value={amountText} onChange={(v) => navigate(withQuery({ amount: v }))} />
        {tp.handles.length === 0 ? (
          <Empty>Handles no matter.</Empty>
        ) : (
          <table class="handlings">
            <caption class="visually-hidden">Matters handled at {tp.name}: residual volume and whether the front line can act; choose one to see its route</caption>
            <thead>
              <tr>
                <th scope="col">Matter</th>
                <th scope="col" class="n">Volume</th>
                <th scope="col" class="n">Self-service</th>
                <th scope="col" class="n">Needs a person</th>
                <th scope="col">Front line can act</th>
                <th scope="col">Route</th>
              </tr>
            </thead>
            <tbody>
              {tp.handles.map((h) => {
                const selected = h === chosen;
                return (
                  <tr key={h.matter.id} class={selected ? 'selected' : ''} aria-current={selected ? 'true' : undefined}>
                    <td>
                      <EntityLink kind="matter" e={h.matter} />
                    </td>
                    <td class="n">{num(h.volume)}</td>
                    <td class="n">{pct(h.selfServiceRate)}</td>
                    <td class="n">{num(h.residual)}</td>
                    <td>{canAct(h) ? <span class="good">yes</span> : <span class="bad">no</span>}</td>
                    <td>{selected ? <a href="#route">shown above</a> : <a href={withQuery({ matter: h.matter.id })}>show route</a>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      <div class="grid">
        <Section title="Staffed by" count={tp.staffedBy.length}>
          {tp.staffedBy.length === 0 ? (
            <Empty>Nobody: customers here meet no person.</Empty>
          ) : (
            <ul>
              {tp.staffedBy.map((s) => (
                <li key={s.__typename + s.id}>
                  <NodeLink node={s} /> <span class="muted">{s.__typename === 'Team' ? 'team' : 'person'}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Escalates to" count={tp.escalatesTo.length}>
          <Links kind="touchpoint" items={tp.escalatesTo} empty="Nowhere." />
          {tp.escalatedFrom.length > 0 && (
            <p>
              Escalated to from{' '}
              {tp.escalatedFrom.map((t, i) => (
                <>
                  {i > 0 && ', '}
                  <EntityLink kind="touchpoint" e={t} />
                </>
              ))}
              .
            </p>
          )}
        </Section>
        <Section title="Front line" count={tp.frontLine.totalCount ?? tp.frontLine.nodes.length}>
          {tp.frontLine.nodes.length === 0 ? (
            <Empty>No active person.</Empty>
          ) : (
            <ul class="cols">
              {tp.frontLine.nodes.slice(0, 100).map((p) => (
                <li key={p.id}>
                  <EntityLink kind="person" e={p} />
                </li>
              ))}
              {tp.frontLine.nodes.length > 100 && <li class="muted">and {tp.frontLine.nodes.length - 100} more</li>}
            </ul>
          )}
        </Section>
      </div>
    </View>
  );
}

function RouteSection({ tp, matter, amount, at }: { tp: string; matter: Named; amount: number | null; at: string | null }) {
  const load = useQuery<{ customerDistance: Route | null }>(routeQuery, { tp, matter: matter.id, amount, at });
  const what = `${matter.name}${amount !== null ? ` of ${num(amount)} SEK` : ''}`;
  return (
    <Section title={`Route for ${what}`} id="route">
      <Loaded load={load} what="the route">
        {(d) =>
          d.customerDistance ? (
            <div class="route-answer" data-hops={d.customerDistance.hops} data-actor={d.customerDistance.actor.id}>
              <p>
                <strong>
                  {d.customerDistance.hops} {d.customerDistance.hops === 1 ? 'hop' : 'hops'}
                </strong>{' '}
                to <EntityLink kind="person" e={d.customerDistance.actor} />, {d.customerDistance.actor.title ?? 'who'} can act. (One shortest route; where several people are as near, the one with the smallest id.)
              </p>
              <RouteView path={d.customerDistance.path} hops={d.customerDistance.hops} label={`Route for ${what}`} />
            </div>
          ) : (
            <div class="route-answer stranded" data-hops="none">
              <p>
                <strong class="bad">Stranded:</strong> nobody reachable from here can act on {what}.
              </p>
            </div>
          )
        }
      </Loaded>
    </Section>
  );
}
