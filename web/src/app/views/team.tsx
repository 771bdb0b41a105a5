// A team: where it sits, its teams below, members, mandates and the
// touchpoints it staffs.
import { Mandate, MandateLine } from '../mandates';
import { teamQuery } from '../queries';
import { Empty, EntityLink, Links, Loaded, Named, Section, View, useQuery, HistoryLink } from '../ui';

interface Up extends Named {
  parent?: Up | null;
}
interface TeamData {
  team: {
    id: string;
    name: string;
    kind: string;
    parent: Up | null;
    children: { totalCount: number; nodes: (Named & { kind: string })[] };
    members: { totalCount: number; nodes: { role: string; person: Named & { title: string | null; active: boolean } }[] };
    mandates: { totalCount: number; nodes: Mandate[] };
    staffs: (Named & { channel: string })[];
  } | null;
}

export function TeamView({ id, query }: { id: string; query: URLSearchParams }) {
  const load = useQuery<TeamData>(teamQuery, { id, at: query.get('at') });
  return (
    <Loaded load={load} what="the team" page="No such team">
      {(d) => {
        const t = d.team;
        if (!t) return <View title="No such team" ready>No team has the id “{id}”.</View>;
        const up: Up[] = [];
        for (let p: Up | null | undefined = t.parent; p; p = p.parent) up.push(p);
        return (
          <View title={t.name} subtitle={
              <>
                {t.kind === 'UNIT' ? 'Unit' : 'Cross-functional team'} · id {t.id} · <HistoryLink id={t.id} />
              </>
            } ready>
            <p>
              <a href={`/explorer?open=${encodeURIComponent([...up.map((u) => u.id), t.id].join(','))}&focus=${encodeURIComponent(t.id)}`}>Show in the network explorer</a>
            </p>
            <div class="grid">
              <Section title="Part of">
                <Links kind="team" items={up} empty="A top-level team." ordered />
              </Section>
              <Section title="Teams below" count={t.children.totalCount}>
                <Links kind="team" items={t.children.nodes} empty="None." />
              </Section>
              <Section title="Staffs" count={t.staffs.length}>
                <Links kind="touchpoint" items={t.staffs} empty="No touchpoint." note={(s) => <span class="muted">{s.channel.toLowerCase()}</span>} />
              </Section>
            </div>
            <Section title="Members" count={t.members.totalCount}>
              {t.members.nodes.length === 0 ? (
                <Empty>No members of its own.</Empty>
              ) : (
                <ul class="cols">
                  {t.members.nodes.map((m) => (
                    <li key={m.person.id}>
                      <EntityLink kind="person" e={m.person} /> {m.role === 'LEAD' && <span class="tag">lead</span>} {!m.person.active && <span class="tag bad">inactive</span>}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Mandates" count={t.mandates.totalCount}>
              {t.mandates.nodes.length === 0 ? <Empty>None.</Empty> : t.mandates.nodes.map((m) => <MandateLine key={m.id} m={m} showHolder={false} />)}
            </Section>
          </View>
        );
      }}
    </Loaded>
  );
}
