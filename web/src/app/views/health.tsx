// Org health (docs: the §2b figures): the headline figures and charts, each
// linking to what explains it — a channel's bar to its touchpoints, a
// touchpoint's to its page, a distance to the handlings at that distance.
// Filters are in the URL (/health?channel=WEB, /health?distance=3).
import type { ComponentChildren } from 'preact';
import { healthQuery } from '../queries';
import { Bar, Bars, Empty, EntityLink, hrefOf, Links, Loaded, Named, num, pct, Section, View, useQuery } from '../ui';

interface Figures {
  residual: number;
  empowerment: number | null;
  strandedVolume: number;
  meanCustomerDistance: number | null;
}
interface HealthData {
  orgHealth: Figures & {
    at: string;
    orphanMatters: Named[];
    singleActorMatters: { matter: Named; person: Named & { title: string | null } }[];
    layers: number;
    unitDepth: number;
    spanOfControl: { max: number; mean: number | null; median: number | null };
    channels: (Figures & { channel: string; touchpoints: number })[];
    touchpoints: (Figures & { touchpoint: Named & { channel: string } })[];
    handlings: { touchpoint: Named; matter: Named; residual: number; frontLineCanAct: boolean; distance: number | null }[];
    keyPeople: {
      totalCount: number;
      nodes: {
        person: Named & { title: string | null };
        soleMatters: Named[];
        soleMatterResidual: number;
        strandedIfLeft: number;
        strandedHandlings: { touchpoint: Named; matter: Named; residual: number; distance: number | null }[];
      }[];
    };
    units: { totalCount: number; nodes: { team: Named; people: number; layers: number; mandates: number }[] };
  };
}

const channelName = (c: string) => c.charAt(0) + c.slice(1).toLowerCase();

function Figure(props: { label: string; value: string; href: string; note?: ComponentChildren; tone?: 'good' | 'bad' }) {
  return (
    <a class={`figure ${props.tone ?? ''}`} href={props.href}>
      <span class="figure-label">{props.label}</span>
      <span class="figure-value">{props.value}</span>
      {props.note && <span class="figure-note">{props.note}</span>}
    </a>
  );
}

export function HealthView({ query }: { query: URLSearchParams }) {
  const load = useQuery<HealthData>(healthQuery, { at: query.get('at') });
  return (
    <Loaded load={load} what="org health" page="Org health">
      {(d) => <Health h={d.orgHealth} query={query} />}
    </Loaded>
  );
}

function Health({ h, query }: { h: HealthData['orgHealth']; query: URLSearchParams }) {
  const channel = query.get('channel');
  const distanceParam = query.get('distance');
  const q = (k: string, v: string, anchor: string) => {
    const p = new URLSearchParams(query);
    p.delete('channel');
    p.delete('distance');
    p.set(k, v);
    return `/health?${p}#${anchor}`;
  };
  const strandedShare = h.residual ? h.strandedVolume / h.residual : null;

  const byDistance = new Map<string, number>();
  for (const x of h.handlings) {
    const k = x.distance === null ? 'stranded' : String(x.distance);
    byDistance.set(k, (byDistance.get(k) ?? 0) + x.residual);
  }
  const maxD = Math.max(0, ...h.handlings.map((x) => x.distance ?? 0));
  const distanceBars: Bar[] = [];
  for (let i = 0; i <= maxD; i++) {
    if (!byDistance.has(String(i))) continue;
    distanceBars.push({ label: `${i} ${i === 1 ? 'hop' : 'hops'}`, value: byDistance.get(String(i))!, href: q('distance', String(i), 'handlings'), tone: i <= 1 ? 'good' : 'neutral' });
  }
  if (byDistance.has('stranded')) distanceBars.push({ label: 'stranded', value: byDistance.get('stranded')!, href: q('distance', 'stranded', 'handlings'), tone: 'bad' });

  const handlings = h.handlings.filter((x) => distanceParam === null || (distanceParam === 'stranded' ? x.distance === null : x.distance === Number(distanceParam)));
  const touchpoints = h.touchpoints.filter((t) => !channel || t.touchpoint.channel === channel);
  const units = [...h.units.nodes].sort((a, b) => b.people - a.people || a.team.id.localeCompare(b.team.id)).slice(0, 15);

  return (
    <View title="Org health" subtitle={`At ${h.at.replace('T', ' ').slice(0, 16)} UTC. Each figure is defined in orgnet's docs/health.md and links to what explains it.`} ready>
      <div class="figures">
        <Figure label="Needs a person" value={num(h.residual)} note="cases a month that self-service leaves" href="#touchpoints" />
        <Figure label="Empowerment" value={pct(h.empowerment)} note="of them meet a front line that can act" href="#empowerment-by-channel" tone={h.empowerment !== null && h.empowerment < 0.5 ? 'bad' : 'good'} />
        <Figure label="Stranded" value={num(h.strandedVolume)} note={`${pct(strandedShare)} reach nobody who can act`} href="#stranded-volume-by-touchpoint" tone={h.strandedVolume > 0 ? 'bad' : 'good'} />
        <Figure label="Customer distance" value={num(h.meanCustomerDistance)} note="hand-offs on average, weighted by volume" href="#customer-distance" />
        <Figure label="Orphan matters" value={String(h.orphanMatters.length)} note="nobody can act on" href="#orphan-matters" tone={h.orphanMatters.length ? 'bad' : 'good'} />
        <Figure label="Key people" value={String(h.keyPeople.totalCount)} note="the only one who can act on something" href="#key-people" />
        <Figure label="Layers" value={String(h.layers)} note={`people in the longest reporting line; units nest ${h.unitDepth} deep`} href="#spans-and-layers" />
        <Figure label="Span of control" value={`${num(h.spanOfControl.median)}`} note={`median reports (mean ${num(h.spanOfControl.mean)}, max ${h.spanOfControl.max})`} href="#spans-and-layers" />
      </div>

      <div class="grid charts">
        <Section title="Empowerment by channel">
          <Bars
            label="Share of the volume needing a person whose front line can act, by channel"
            max={1}
            bars={h.channels.map((c) => ({ label: channelName(c.channel), value: c.empowerment ?? 0, text: pct(c.empowerment), href: q('channel', c.channel, 'touchpoints'), tone: (c.empowerment ?? 0) >= 0.5 ? 'good' : 'bad' }))}
          />
        </Section>
        <Section title="Stranded volume by touchpoint">
          {h.strandedVolume === 0 ? (
            <Empty>Nothing is stranded.</Empty>
          ) : (
            <Bars
              label="Cases a month that reach nobody who can act, by touchpoint"
              bars={h.touchpoints.filter((t) => t.strandedVolume > 0).sort((a, b) => b.strandedVolume - a.strandedVolume).map((t) => ({ label: t.touchpoint.name, value: t.strandedVolume, href: hrefOf.touchpoint(t.touchpoint.id), tone: 'bad' }))}
            />
          )}
        </Section>
        <Section title="Customer distance" id="customer-distance">
          <Bars label="Cases a month by hand-offs to the nearest person who can act" bars={distanceBars} />
        </Section>
        <Section title="Spans and layers">
          <p>
            Span of control: max {h.spanOfControl.max}, mean {num(h.spanOfControl.mean)}, median {num(h.spanOfControl.median)} direct reports. {h.layers} people in the longest reporting line; units nest {h.unitDepth} deep.
          </p>
          <Bars label="The largest units: layers of management (people in the unit)" bars={units.map((u) => ({ label: u.team.name, value: u.layers, text: `${u.layers} layers · ${u.people} people`, href: hrefOf.team(u.team.id) }))} />
        </Section>
      </div>

      <Section title="Key people" count={h.keyPeople.totalCount}>
        {h.keyPeople.nodes.length === 0 ? (
          <Empty>Every matter someone can act on has more than one person who can.</Empty>
        ) : (
          <table>
            <caption class="visually-hidden">People who are the only one able to act on some matter, and what their leaving would cost</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Only one who can act on</th>
                <th scope="col" class="n">Volume with no other actor</th>
                <th scope="col" class="n">Stranded if they left</th>
                <th scope="col">Routes that would be cut</th>
              </tr>
            </thead>
            <tbody>
              {h.keyPeople.nodes.map((k) => (
                <tr key={k.person.id}>
                  <td>
                    <EntityLink kind="person" e={k.person} /> <span class="muted">{k.person.title}</span>
                  </td>
                  <td>
                    {k.soleMatters.map((m, i) => (
                      <>
                        {i > 0 && ', '}
                        <EntityLink kind="matter" e={m} />
                      </>
                    ))}
                  </td>
                  <td class="n">{num(k.soleMatterResidual)}</td>
                  <td class="n">{num(k.strandedIfLeft)}</td>
                  <td>
                    {k.strandedHandlings.map((s) => (
                      <div key={s.touchpoint.id + s.matter.id}>
                        <a href={`${hrefOf.touchpoint(s.touchpoint.id)}?matter=${encodeURIComponent(s.matter.id)}`}>
                          {s.matter.name} at {s.touchpoint.name}
                        </a>{' '}
                        <span class="muted">
                          ({num(s.residual)}, {s.distance} hops)
                        </span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <div class="grid">
        <Section title="Orphan matters" count={h.orphanMatters.length}>
          <Links kind="matter" items={h.orphanMatters} empty="None: someone can act on every matter." />
        </Section>
        <Section title="Single-actor matters" count={h.singleActorMatters.length}>
          {h.singleActorMatters.length === 0 ? (
            <Empty>None.</Empty>
          ) : (
            <ul>
              {h.singleActorMatters.map((s) => (
                <li key={s.matter.id}>
                  <EntityLink kind="matter" e={s.matter} />: only <EntityLink kind="person" e={s.person} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      <Section title={channel ? `Touchpoints: ${channelName(channel)}` : 'Touchpoints'} id="touchpoints" count={touchpoints.length}>
        {channel && (
          <p>
            <a href="/health#touchpoints">Show every channel</a>
          </p>
        )}
        <table>
          <caption class="visually-hidden">The volume figures of each touchpoint</caption>
          <thead>
            <tr>
              <th scope="col">Touchpoint</th>
              <th scope="col" class="n">Needs a person</th>
              <th scope="col" class="n">Empowerment</th>
              <th scope="col" class="n">Stranded</th>
              <th scope="col" class="n">Mean distance</th>
            </tr>
          </thead>
          <tbody>
            {touchpoints.map((t) => (
              <tr key={t.touchpoint.id}>
                <td>
                  <EntityLink kind="touchpoint" e={t.touchpoint} /> <span class="muted">{t.touchpoint.channel.toLowerCase()}</span>
                </td>
                <td class="n">{num(t.residual)}</td>
                <td class="n">{pct(t.empowerment)}</td>
                <td class="n">{num(t.strandedVolume)}</td>
                <td class="n">{num(t.meanCustomerDistance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title={distanceParam === null ? 'Handlings' : distanceParam === 'stranded' ? 'Handlings: stranded' : `Handlings: ${distanceParam} hops`} id="handlings" count={handlings.length}>
        {distanceParam !== null && (
          <p>
            <a href="/health#handlings">Show every distance</a>
          </p>
        )}
        <table>
          <caption class="visually-hidden">Each matter at each touchpoint: volume needing a person, whether the front line can act, and the hand-offs to someone who can</caption>
          <thead>
            <tr>
              <th scope="col">Touchpoint</th>
              <th scope="col">Matter</th>
              <th scope="col" class="n">Needs a person</th>
              <th scope="col">Front line can act</th>
              <th scope="col" class="n">Hops</th>
            </tr>
          </thead>
          <tbody>
            {handlings.map((x) => (
              <tr key={x.touchpoint.id + ' ' + x.matter.id}>
                <td>
                  <EntityLink kind="touchpoint" e={x.touchpoint} />
                </td>
                <td>
                  <a href={`${hrefOf.touchpoint(x.touchpoint.id)}?matter=${encodeURIComponent(x.matter.id)}`}>{x.matter.name}</a>
                </td>
                <td class="n">{num(x.residual)}</td>
                <td>{x.frontLineCanAct ? <span class="good">yes</span> : <span class="bad">no</span>}</td>
                <td class="n">{x.distance ?? <span class="bad">stranded</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </View>
  );
}
