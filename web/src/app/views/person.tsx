// A person: teams and roles, manager line and reports, mandates held
// directly and through teams (with effective limits and delegation chains),
// what they can act on, and the touchpoints they stand behind.
import { Mandate, MandateLine } from '../mandates';
import { personQuery } from '../queries';
import { navigate, withQuery } from '../router';
import { AmountField, Empty, EntityLink, limit, Links, Loaded, Named, NodeLink, Section, View, useQuery, HistoryLink } from '../ui';

interface Up extends Named {
  title?: string | null;
  active?: boolean;
  manager?: Up | null;
}
interface TeamUp extends Named {
  kind?: string;
  staffs?: (Named & { channel: string })[];
  parent?: TeamUp | null;
}
interface PersonData {
  person: {
    id: string;
    name: string;
    title: string | null;
    email: string | null;
    active: boolean;
    manager: Up | null;
    reports: { totalCount: number; nodes: (Named & { title: string | null; active: boolean })[] };
    memberships: { totalCount: number; nodes: { role: string; team: TeamUp }[] };
    mandates: { totalCount: number; nodes: Mandate[] };
    staffs: (Named & { channel: string })[];
  } | null;
  actionableMatters: { matter: Named; limit: number | null; grants: { via: string; limit: number | null; team: Named | null; mandate: Mandate }[] }[];
}

export function PersonView({ id, query }: { id: string; query: URLSearchParams }) {
  const amount = query.get('amount');
  const load = useQuery<PersonData>(personQuery, { id, amount: amount === null ? null : Number(amount), at: query.get('at') });
  return (
    <Loaded load={load} what="the person" page="No such person">
      {(d) => (d.person ? <Person d={d} amount={amount} /> : <View title="No such person" ready>No person has the id “{id}”.</View>)}
    </Loaded>
  );
}

function Person({ d, amount }: { d: PersonData; amount: string | null }) {
  const p = d.person!;
  const line: Up[] = [];
  for (let m: Up | null | undefined = p.manager; m; m = m.manager) line.push(m);
  const lineCut = line.length > 0 && line[line.length - 1].title === undefined;

  // Mandates in force through teams: of a team the person is in or one above
  // it (docs: members(t) counts the teams below t), as actionableMatters grants them.
  const viaTeam = new Map<string, { team: Named; m: Mandate }>();
  for (const a of d.actionableMatters)
    for (const g of a.grants) if (g.via === 'TEAM' && g.team) viaTeam.set(`${g.team.id} ${g.mandate.id}`, { team: g.team, m: g.mandate });
  const stands = new Map<string, { tp: Named & { channel: string }; via: string }>();
  for (const s of p.staffs) stands.set(s.id, { tp: s, via: 'directly' });
  const seen = new Set<string>();
  for (const ms of p.memberships.nodes) {
    for (let t: TeamUp | null | undefined = ms.team; t && t.kind !== undefined; t = t.parent) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      for (const s of t.staffs ?? []) if (!stands.has(s.id)) stands.set(s.id, { tp: s, via: t.id === ms.team.id ? `through ${t.name}` : `through ${t.name}, above ${ms.team.name}` });
    }
  }
  return (
    <View
      title={p.name}
      subtitle={
        <>
          {p.title ?? 'No title'} {p.email && <> · {p.email}</>} · id {p.id} · <HistoryLink id={p.id} /> {!p.active && <strong class="bad"> · inactive: never acts, staffs or lies on a route</strong>}
        </>
      }
      ready
    >
      <div class="grid">
        <Section title="Teams and roles" count={p.memberships.totalCount}>
          {p.memberships.nodes.length === 0 ? (
            <Empty>In no team.</Empty>
          ) : (
            <ul>
              {p.memberships.nodes.map((m) => (
                <li key={m.team.id}>
                  <EntityLink kind="team" e={m.team} /> <span class="tag">{m.role === 'LEAD' ? 'lead' : 'member'}</span> <span class="muted">{m.team.kind === 'UNIT' ? 'unit' : 'cross-functional team'}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Manager line">
          {line.length === 0 ? (
            <Empty>No manager.</Empty>
          ) : (
            <ol class="line">
              {line.map((m) => (
                <li key={m.id}>
                  <EntityLink kind="person" e={m} /> {m.title && <span class="muted">{m.title}</span>}
                </li>
              ))}
              {lineCut && <li class="muted">… the line may go on above: see that person’s page</li>}
            </ol>
          )}
        </Section>
        <Section title="Reports" count={p.reports.totalCount}>
          <Links kind="person" items={p.reports.nodes} empty="No direct reports." cols note={(r) => !r.active && <span class="tag bad">inactive</span>} />
        </Section>
        <Section title="Touchpoints they stand behind" count={stands.size}>
          {stands.size === 0 ? (
            <Empty>Staffs no touchpoint, directly or through a team.</Empty>
          ) : (
            <ul>
              {[...stands.values()].map(({ tp, via }) => (
                <li key={tp.id}>
                  <EntityLink kind="touchpoint" e={tp} /> <span class="muted">{tp.channel.toLowerCase()}, {via}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title="Mandates held directly" count={p.mandates.totalCount}>
        {p.mandates.nodes.length === 0 ? <Empty>None.</Empty> : p.mandates.nodes.map((m) => <MandateLine key={m.id} m={m} showHolder={false} />)}
      </Section>
      <Section title="Mandates held through teams" count={viaTeam.size}>
        {viaTeam.size === 0 ? (
          <Empty>None in force{amount ? ` at ${amount} SEK` : ''}.</Empty>
        ) : (
          [...viaTeam.values()].map(({ team, m }) => (
            <div key={`${team.id}-${m.id}`}>
              <MandateLine m={m} />
            </div>
          ))
        )}
      </Section>
      <Section title="Can act on" count={d.actionableMatters.length}>
        <AmountField value={amount} onChange={(v) => navigate(withQuery({ amount: v }))} />
        {d.actionableMatters.length === 0 ? (
          <Empty>Nothing{amount ? ` at ${amount} SEK` : ''}.</Empty>
        ) : (
          <table>
            <caption class="visually-hidden">Matters {p.name} can act on, with the best limit and every granting mandate</caption>
            <thead>
              <tr>
                <th scope="col">Matter</th>
                <th scope="col">Best limit</th>
                <th scope="col">Granted by</th>
              </tr>
            </thead>
            <tbody>
              {d.actionableMatters.map((a) => (
                <tr key={a.matter.id}>
                  <td>
                    <EntityLink kind="matter" e={a.matter} />
                  </td>
                  <td>{limit(a.limit)}</td>
                  <td>
                    {a.grants.map((g) => (
                      <div key={g.mandate.id + (g.team?.id ?? '')}>
                        {g.mandate.name} ({g.via === 'DIRECT' ? 'directly' : <>through <NodeLink node={{ ...g.team!, __typename: 'Team' }} /></>}, {limit(g.limit)})
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </View>
  );
}
