// A matter: who can act on it, with limits and how they hold it, as a list
// and as a graph of the delegation chains; the touchpoints that handle it,
// with volumes and a link to each one's route.
import { useState } from 'preact/hooks';
import { ChainGraph, Mandate } from '../mandates';
import { matterQuery } from '../queries';
import { navigate, withQuery } from '../router';
import { AmountField, Empty, EntityLink, hrefOf, Links, limit, Loaded, Named, num, pct, Section, View, useQuery, HistoryLink } from '../ui';

interface Up extends Named {
  parent?: Up | null;
}
interface Actor {
  person: Named & { title: string | null };
  limit: number | null;
  grants: { via: string; limit: number | null; team: Named | null; mandate: Mandate }[];
}
interface MatterData {
  matter: {
    id: string;
    name: string;
    parent: Up | null;
    children: { totalCount: number; nodes: Named[] };
    handledAt: { touchpoint: Named & { channel: string }; volume: number; selfServiceRate: number; residual: number }[];
    whoCanAct: Actor[];
  } | null;
}

const shownActors = 200;

export function MatterView({ id, query }: { id: string; query: URLSearchParams }) {
  const amount = query.get('amount');
  const load = useQuery<MatterData>(matterQuery, { id, amount: amount === null ? null : Number(amount), at: query.get('at') });
  const [all, setAll] = useState(false);
  return (
    <Loaded load={load} what="the matter" page="No such matter">
      {(d) => {
        const m = d.matter;
        if (!m) return <View title="No such matter" ready>No matter has the id “{id}”.</View>;
        const up: Up[] = [];
        for (let p: Up | null | undefined = m.parent; p; p = p.parent) up.push(p);
        const mandates = new Map<string, Mandate>();
        const actorsOf = new Map<string, number>();
        for (const a of m.whoCanAct)
          for (const g of a.grants) {
            mandates.set(g.mandate.id, g.mandate);
            actorsOf.set(g.mandate.id, (actorsOf.get(g.mandate.id) ?? 0) + 1);
          }
        const actors = all ? m.whoCanAct : m.whoCanAct.slice(0, shownActors);
        return (
          <View
            title={m.name}
            subtitle={
              <>
                Matter · id {m.id} · <HistoryLink id={m.id} />
                {up.length > 0 && (
                  <>
                    {' '}
                    · under{' '}
                    {up.map((u, i) => (
                      <>
                        {i > 0 && ' › '}
                        <EntityLink kind="matter" e={u} />
                      </>
                    ))}
                  </>
                )}
              </>
            }
            ready
          >
            <Section title="Who can act" count={m.whoCanAct.length}>
              <AmountField value={amount} onChange={(v) => navigate(withQuery({ amount: v }))} />
              <p>
                <a href={`/explorer?matter=${encodeURIComponent(m.id)}${amount ? `&amount=${encodeURIComponent(amount)}` : ''}`}>Highlight them in the network explorer</a>
              </p>
              {m.whoCanAct.length === 0 ? (
                <Empty>Nobody can act on {m.name}{amount ? ` at ${amount} SEK` : ''}: an orphan matter.</Empty>
              ) : (
                <>
                  <table class="actors">
                    <caption class="visually-hidden">People who can act on {m.name}, with their best limit and how they hold the mandate</caption>
                    <thead>
                      <tr>
                        <th scope="col">Person</th>
                        <th scope="col">Best limit</th>
                        <th scope="col">Holds it through</th>
                      </tr>
                    </thead>
                    <tbody>
                      {actors.map((a) => (
                        <tr key={a.person.id}>
                          <td>
                            <EntityLink kind="person" e={a.person} /> <span class="muted">{a.person.title}</span>
                          </td>
                          <td>{limit(a.limit)}</td>
                          <td>
                            {a.grants.map((g) => (
                              <div key={g.mandate.id + (g.team?.id ?? '')}>
                                {g.mandate.name}, {g.via === 'DIRECT' ? 'directly' : <>member of <EntityLink kind="team" e={g.team!} /></>} ({limit(g.limit)})
                              </div>
                            ))}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {!all && m.whoCanAct.length > shownActors && (
                    <button type="button" onClick={() => setAll(true)}>
                      Show all {m.whoCanAct.length}
                    </button>
                  )}
                  <ChainGraph mandates={[...mandates.values()]} actorsOf={actorsOf} label={`Delegation chains of the ${mandates.size} mandates that let people act on ${m.name}`} />
                </>
              )}
            </Section>
            <Section title="Handled at" count={m.handledAt.length}>
              {m.handledAt.length === 0 ? (
                <Empty>No touchpoint handles it.</Empty>
              ) : (
                <table>
                  <caption class="visually-hidden">Touchpoints that handle {m.name}, with volumes a month</caption>
                  <thead>
                    <tr>
                      <th scope="col">Touchpoint</th>
                      <th scope="col" class="n">Volume a month</th>
                      <th scope="col" class="n">Self-service</th>
                      <th scope="col" class="n">Needs a person</th>
                      <th scope="col">Route</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.handledAt.map((h) => (
                      <tr key={h.touchpoint.id}>
                        <td>
                          <EntityLink kind="touchpoint" e={h.touchpoint} /> <span class="muted">{h.touchpoint.channel.toLowerCase()}</span>
                        </td>
                        <td class="n">{num(h.volume)}</td>
                        <td class="n">{pct(h.selfServiceRate)}</td>
                        <td class="n">{num(h.residual)}</td>
                        <td>
                          <a href={`${hrefOf.touchpoint(h.touchpoint.id)}?matter=${encodeURIComponent(m.id)}${amount ? `&amount=${encodeURIComponent(amount)}` : ''}`}>route from here</a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
            {m.children.totalCount > 0 && (
              <Section title="Matters below" count={m.children.totalCount}>
                <Links kind="matter" items={m.children.nodes} empty="None." />
              </Section>
            )}
          </View>
        );
      }}
    </Loaded>
  );
}
