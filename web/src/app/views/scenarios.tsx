// The scenario workspace (docs/scenarios.md): open a scenario, change it by
// hand a step at a time (move a person or a team, grant or withdraw a
// mandate, restaff a touchpoint), watch the comparison with the live org
// (or another scenario, side by side) update after every step, undo, and,
// for an admin, apply it to the live org as one change.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, gql } from '../../lib/api';
import {
  applyScenarioMutation,
  changeScenarioMutation,
  compareQuery,
  createScenarioMutation,
  discardScenarioMutation,
  scenarioQuery,
  scenariosQuery,
  scenarioTeamQuery,
  scenarioTouchpointQuery,
  undoStepMutation,
} from '../queries';
import { navigate, withQuery } from '../router';
import { may, useSession } from '../session';
import { AmountField, Empty, EntityLink, Failure, Loaded, Named, num, Section, useLoad, useQuery, View } from '../ui';

interface ScenarioFacts {
  id: string;
  name: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
  status: 'OPEN' | 'APPLIED' | 'DISCARDED';
}
interface Step {
  seq: number;
  at: string;
  by: string;
  upsert: Record<string, unknown[] | undefined>;
  delete: { type: string; id: string }[];
  removeMemberships: { person: string; team: string }[];
}
interface Conflict {
  step: number;
  entity: { type: string; id: string };
  assumed: unknown;
  live: unknown;
}
type Figure = { before: number | null; after: number | null; change: number | null };
interface Comparison {
  figures: Record<string, Figure>;
  actors: { matter: Named; gained: Named[]; lost: Named[] }[];
  handlings: { touchpoint: Named; matter: Named; before: HandlingFacts | null; after: HandlingFacts | null }[];
  becameOrphan: Named[];
  noLongerOrphan: Named[];
  becameSingleActor: { matter: Named; person: Named }[];
  noLongerSingleActor: { matter: Named; person: Named }[];
  people: { person: Named; joined: Named[]; left: Named[]; managerBefore: Named | null; managerAfter: Named | null }[];
}
interface HandlingFacts {
  frontLineCanAct: boolean;
  distance: number | null;
  residual: number;
}

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const href = (id: string) => `/scenarios/${encodeURIComponent(id)}`;

/** A write's answer: done, or the error with every problem the server listed. */
type Sent = { state: 'idle' } | { state: 'busy' } | { state: 'error'; error: Error };

function Problems({ error }: { error: Error }) {
  const problems = error instanceof ApiError ? error.errors.flatMap((e) => e.extensions?.problems ?? []) : [];
  return (
    <>
      <Failure error={problems.length ? new ApiError('The step was refused; the scenario is unchanged.', 'BAD_INPUT') : error} />
      {problems.length > 0 && (
        <ul class="problems">
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ScenariosView() {
  const session = useSession();
  const load = useQuery<{ scenarios: (ScenarioFacts & { changes: { seq: number }[]; conflicts: { step: number }[] })[] }>(scenariosQuery, {});
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [sent, setSent] = useState<Sent>({ state: 'idle' });
  const create = async (e: Event) => {
    e.preventDefault();
    setSent({ state: 'busy' });
    try {
      const d = await gql<{ createScenario: { id: string } }>(createScenarioMutation, { name: name.trim(), description: description.trim() || null });
      navigate(href(d.createScenario.id));
    } catch (err) {
      setSent({ state: 'error', error: err as Error });
    }
  };
  return (
    <Loaded load={load} what="the scenarios" page="Scenarios">
      {(d) => (
        <View title="Scenarios" subtitle="Reorganizations tried before they are made: each is laid over the live org and never seen by live answers." ready>
          {may(session, 'plan') && (
            <form class="section create-scenario" onSubmit={create}>
              <h2>New scenario</h2>
              <label>
                Name <input id="scenario-name" value={name} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
              </label>
              <label>
                Description <input value={description} onInput={(e) => setDescription((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit" disabled={sent.state === 'busy'}>
                Create
              </button>
              {sent.state === 'error' && <Problems error={sent.error} />}
            </form>
          )}
          <Section title="Scenarios" count={d.scenarios.length}>
            {d.scenarios.length === 0 ? (
              <Empty>None yet.</Empty>
            ) : (
              <table class="scenarios">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Status</th>
                    <th class="n">Steps</th>
                    <th>By</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {d.scenarios.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <a href={href(s.id)}>{s.name}</a> {s.conflicts.length > 0 && <span class="tag bad">conflicts</span>}
                      </td>
                      <td>{s.status.toLowerCase()}</td>
                      <td class="n">{s.changes.length}</td>
                      <td>{s.createdBy}</td>
                      <td>{when.format(new Date(s.createdAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
        </View>
      )}
    </Loaded>
  );
}

interface ScenarioData {
  orgVersion: number;
  scenario: (ScenarioFacts & { changes: Step[]; conflicts: Conflict[] }) | null;
  scenarios: Named[];
}

export function ScenarioView({ id, query }: { id: string; query: URLSearchParams }) {
  const session = useSession();
  // Bumped after every write, so that the scenario and its comparison are asked afresh.
  const [round, setRound] = useState(0);
  const load = useLoad((signal) => gql<ScenarioData>(scenarioQuery, { id }, signal), [id, round]);
  const [sent, setSent] = useState<Sent>({ state: 'idle' });
  const [applied, setApplied] = useState<{ created: number; updated: number; deleted: number; version: number; change: { id: string; version: number } | null } | null>(null);
  const write = async (mutation: string, variables: Record<string, unknown>): Promise<boolean> => {
    setSent({ state: 'busy' });
    try {
      await gql(mutation, variables);
      setSent({ state: 'idle' });
      setRound((r) => r + 1);
      return true;
    } catch (err) {
      setSent({ state: 'error', error: err as Error });
      return false;
    }
  };
  const step = (v: { upsert?: unknown; delete?: unknown; removeMemberships?: unknown }) => write(changeScenarioMutation, { id, ...v });
  return (
    <Loaded load={load} what="the scenario" page="No such scenario">
      {(d) => {
        const s = d.scenario;
        if (!s) return <View title="No such scenario" ready>No scenario has the id “{id}”.</View>;
        const open = s.status === 'OPEN';
        const canPlan = open && may(session, 'plan');
        const against = query.get('against');
        const others = d.scenarios.filter((o) => o.id !== s.id);
        return (
          <View
            title={s.name}
            subtitle={
              <>
                Scenario · {s.status.toLowerCase()} · by {s.createdBy}, {when.format(new Date(s.createdAt))} · <a href="/scenarios">all scenarios</a>
              </>
            }
            ready
          >
            {s.description && <p class="lead">{s.description}</p>}
            {applied && (
              <p class="answer" role="status">
                Applied: {applied.change ? <a href={`/changes/${encodeURIComponent(applied.change.id)}`}>change #{applied.change.version}</a> : 'no change'} — {num(applied.created)} created,{' '}
                {num(applied.updated)} updated, {num(applied.deleted)} deleted; the org is at version {num(applied.version)}.
              </p>
            )}
            {s.conflicts.length > 0 && (
              <Section title="Conflicts with the live org" count={s.conflicts.length}>
                <p>The live org has changed what these steps assumed: undo the step and make it again before applying.</p>
                <ul>
                  {s.conflicts.map((c) => (
                    <li key={`${c.step}-${c.entity.type}-${c.entity.id}`}>
                      step {c.step}: {c.entity.type.toLowerCase()} <code>{c.entity.id}</code>
                    </li>
                  ))}
                </ul>
              </Section>
            )}
            <div class="workspace">
              <div>
                <Section title="Steps" count={s.changes.length}>
                  {s.changes.length === 0 ? <Empty>No step yet: the scenario is the live org.</Empty> : <StepList steps={s.changes} />}
                  {canPlan && s.changes.length > 0 && (
                    <button type="button" onClick={() => write(undoStepMutation, { id })} disabled={sent.state === 'busy'}>
                      Undo step {s.changes.length}
                    </button>
                  )}
                </Section>
                {canPlan && (
                  <Section title="Change by hand">
                    <StepForms scenario={id} step={step} busy={sent.state === 'busy'} />
                    {sent.state === 'error' && <Problems error={sent.error} />}
                  </Section>
                )}
                {open && (
                  <div class="buttons">
                    {may(session, 'administer') && (
                      <button
                        type="button"
                        class="apply"
                        disabled={sent.state === 'busy' || s.conflicts.length > 0 || s.changes.length === 0}
                        onClick={async () => {
                          setSent({ state: 'busy' });
                          try {
                            const r = await gql<{ applyScenario: NonNullable<typeof applied> }>(applyScenarioMutation, { id, ifVersion: d.orgVersion });
                            setApplied(r.applyScenario);
                            setSent({ state: 'idle' });
                            setRound((x) => x + 1);
                          } catch (err) {
                            setSent({ state: 'error', error: err as Error });
                          }
                        }}
                      >
                        Apply to the live org
                      </button>
                    )}
                    {canPlan && (
                      <button type="button" onClick={() => write(discardScenarioMutation, { id })} disabled={sent.state === 'busy'}>
                        Discard
                      </button>
                    )}
                  </div>
                )}
              </div>
              <div>
                {open && may(session, 'plan') ? (
                  <>
                    <form class="picker" onSubmit={(e) => e.preventDefault()}>
                      <label>
                        Compare with{' '}
                        <select value={against ?? ''} onChange={(e) => navigate(withQuery({ against: (e.target as HTMLSelectElement).value }), true)}>
                          <option value="">the live org</option>
                          {others.map((o) => (
                            <option value={o.id} key={o.id}>
                              scenario {o.name}
                            </option>
                          ))}
                        </select>
                      </label>
                    </form>
                    <AmountField value={query.get('amount')} onChange={(v) => navigate(withQuery({ amount: v }), true)} label="Actors for an amount (SEK)" />
                    <ComparisonView
                      id={id}
                      against={against}
                      againstName={others.find((o) => o.id === against)?.name ?? null}
                      name={s.name}
                      amount={query.get('amount')}
                      round={round}
                    />
                  </>
                ) : (
                  <Empty>{open ? 'Comparing scenarios needs the planner or admin role.' : 'The scenario is no longer open: it is not compared.'}</Empty>
                )}
              </div>
            </div>
          </View>
        );
      }}
    </Loaded>
  );
}

function describeStep(s: Step): string[] {
  const out: string[] = [];
  for (const [kind, list] of Object.entries(s.upsert ?? {})) if (list?.length) out.push(`${list.length} ${kind} put`);
  if (s.delete.length) out.push(`removes ${s.delete.map((e) => `${e.type.toLowerCase()} ${e.id}`).join(', ')}`);
  if (s.removeMemberships.length) out.push(`takes ${s.removeMemberships.map((m) => `${m.person} out of ${m.team}`).join(', ')}`);
  return out;
}

function StepList({ steps }: { steps: Step[] }) {
  return (
    <ol class="steps">
      {steps.map((s) => (
        <li key={s.seq}>
          {describeStep(s).join('; ') || 'nothing'} <span class="muted">by {s.by}</span>
          <details>
            <summary>as sent</summary>
            <pre>{JSON.stringify({ upsert: s.upsert, delete: s.delete, removeMemberships: s.removeMemberships }, null, 1)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

type StepFn = (v: { upsert?: unknown; delete?: unknown; removeMemberships?: unknown }) => Promise<boolean>;

/** A small form of id fields; each field's value by name, submitted once all required are set. */
function StepForm(props: { title: string; fields: { name: string; label: string; optional?: boolean; options?: string[] }[]; busy: boolean; onSubmit: (v: Record<string, string>) => Promise<boolean> }) {
  const [v, setV] = useState<Record<string, string>>({});
  const slug = props.title.toLowerCase().replace(/[^a-z]+/g, '-');
  return (
    <form
      class={`step-form ${slug}`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await props.onSubmit(v)) setV({});
      }}
    >
      <fieldset>
        <legend>{props.title}</legend>
        {props.fields.map((f) => (
          <label key={f.name}>
            {f.label}
            {f.options ? (
              <select name={f.name} value={v[f.name] ?? f.options[0]} onChange={(e) => setV({ ...v, [f.name]: (e.target as HTMLSelectElement).value })}>
                {f.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input name={f.name} value={v[f.name] ?? ''} required={!f.optional} onInput={(e) => setV({ ...v, [f.name]: (e.target as HTMLInputElement).value.trim() })} />
            )}
          </label>
        ))}
        <button type="submit" disabled={props.busy}>
          Add step
        </button>
      </fieldset>
    </form>
  );
}

function StepForms({ scenario, step, busy }: { scenario: string; step: StepFn; busy: boolean }) {
  const pick = (v: Record<string, string>, k: string, first: string) => v[k] || first;
  return (
    <div class="step-forms">
      <StepForm
        title="Move a person"
        busy={busy}
        fields={[
          { name: 'person', label: 'Person id' },
          { name: 'from', label: 'From team id (empty: keep)', optional: true },
          { name: 'to', label: 'To team id' },
          { name: 'role', label: 'Role', options: ['MEMBER', 'LEAD'] },
        ]}
        onSubmit={(v) =>
          step({
            upsert: { memberships: [{ person: v.person, team: v.to, role: pick(v, 'role', 'MEMBER') }] },
            removeMemberships: v.from ? [{ person: v.person, team: v.from }] : null,
          })
        }
      />
      <StepForm
        title="Move a team"
        busy={busy}
        fields={[
          { name: 'team', label: 'Team id' },
          { name: 'parent', label: 'New parent team id (empty: top level)', optional: true },
        ]}
        onSubmit={async (v) => {
          // A step overwrites an entity whole: the team as it is in the scenario, with its new parent.
          const d = await gql<{ team: { id: string; name: string; kind: string; externalId: string | null } | null }>(scenarioTeamQuery, { id: v.team, scenario });
          if (!d.team) return step({ upsert: { teams: [{ id: v.team, name: v.team, kind: 'UNIT', parent: v.parent || null }] } });
          const { id, name, kind, externalId } = d.team;
          return step({ upsert: { teams: [{ id, name, kind, externalId, parent: v.parent || null }] } });
        }}
      />
      <StepForm
        title="Grant a mandate"
        busy={busy}
        fields={[
          { name: 'id', label: 'New mandate id' },
          { name: 'matter', label: 'Matter id' },
          { name: 'holderType', label: 'Held by', options: ['TEAM', 'PERSON'] },
          { name: 'holder', label: 'Holder id' },
          { name: 'limit', label: 'Limit (SEK; empty: none)', optional: true },
          { name: 'delegatedFrom', label: 'Delegated from mandate id', optional: true },
        ]}
        onSubmit={(v) =>
          step({
            upsert: {
              mandates: [
                {
                  id: v.id,
                  name: v.id,
                  matter: v.matter,
                  holder: { type: pick(v, 'holderType', 'TEAM'), id: v.holder },
                  limit: v.limit ? Number(v.limit) : null,
                  delegatedFrom: v.delegatedFrom || null,
                },
              ],
            },
          })
        }
      />
      <StepForm title="Withdraw a mandate" busy={busy} fields={[{ name: 'id', label: 'Mandate id' }]} onSubmit={(v) => step({ delete: [{ type: 'MANDATE', id: v.id }] })} />
      <StepForm
        title="Restaff a touchpoint"
        busy={busy}
        fields={[
          { name: 'touchpoint', label: 'Touchpoint id' },
          { name: 'holderType', label: 'Staffed by', options: ['TEAM', 'PERSON'] },
          { name: 'holder', label: 'Team or person id' },
        ]}
        onSubmit={async (v) => {
          const d = await gql<{ touchpoint: TouchpointWhole | null }>(scenarioTouchpointQuery, { id: v.touchpoint, scenario });
          const tp = d.touchpoint;
          if (!tp) return step({ upsert: { touchpoints: [{ id: v.touchpoint, name: v.touchpoint, channel: 'OTHER', staffedBy: [{ type: pick(v, 'holderType', 'TEAM'), id: v.holder }] }] } });
          return step({
            upsert: {
              touchpoints: [
                {
                  id: tp.id,
                  name: tp.name,
                  channel: tp.channel,
                  selfService: tp.selfService,
                  staffedBy: [{ type: pick(v, 'holderType', 'TEAM'), id: v.holder }],
                  escalatesTo: tp.escalatesTo.map((e) => e.id),
                  handles: tp.handles.map((h) => ({ matter: h.matter.id, volume: h.volume, selfServiceRate: h.selfServiceRate })),
                },
              ],
            },
          });
        }}
      />
    </div>
  );
}

interface TouchpointWhole {
  id: string;
  name: string;
  channel: string;
  selfService: boolean;
  escalatesTo: { id: string }[];
  handles: { volume: number; selfServiceRate: number; matter: { id: string } }[];
}

const figureNames: [string, string, 'up' | 'down' | null, boolean][] = [
  ['empowerment', 'Empowerment', 'up', true],
  ['strandedVolume', 'Stranded volume', 'down', false],
  ['meanCustomerDistance', 'Mean customer distance', 'down', false],
  ['residual', 'Volume needing a person', null, false],
  ['orphanMatters', 'Orphan matters', 'down', false],
  ['singleActorMatters', 'Single-actor matters', 'down', false],
  ['layers', 'Layers', null, false],
  ['unitDepth', 'Unit depth', null, false],
  ['spanMax', 'Span of control, most', null, false],
  ['spanMean', 'Span of control, mean', null, false],
  ['spanMedian', 'Span of control, median', null, false],
];

function fig(v: number | null, percent: boolean): string {
  if (v === null) return '—';
  return percent ? `${num(v * 100)} %` : num(v);
}

function ComparisonView(props: { id: string; against: string | null; againstName: string | null; name: string; amount: string | null; round: number }) {
  const load = useLoad(
    (signal) => gql<{ compareScenario: Comparison }>(compareQuery, { id: props.id, against: props.against, amount: props.amount === null ? null : Number(props.amount) }, signal),
    [props.id, props.against, props.amount, props.round],
  );
  const before = props.againstName ? `scenario ${props.againstName}` : 'live org';
  return (
    <Loaded load={load} what="the comparison">
      {({ compareScenario: c }) => {
        const changed = figureNames.filter(([k]) => c.figures[k].change !== null && c.figures[k].change !== 0);
        return (
          <div class="comparison" data-round={props.round}>
            <Section title={`Against the ${before}`}>
              <table class="compared">
                <caption class="visually-hidden">
                  Every org health figure in the {before} and in the scenario {props.name}, side by side
                </caption>
                <thead>
                  <tr>
                    <th>Figure</th>
                    <th class="n">{before}</th>
                    <th class="n">{props.name}</th>
                    <th class="n">change</th>
                  </tr>
                </thead>
                <tbody>
                  {figureNames.map(([k, label, better, percent]) => {
                    const f = c.figures[k];
                    const tone = !f.change || !better ? '' : (f.change > 0) === (better === 'up') ? 'good' : 'bad';
                    return (
                      <tr key={k} data-figure={k} class={f.change ? 'changed' : undefined}>
                        <th scope="row">{label}</th>
                        <td class="n">{fig(f.before, percent)}</td>
                        <td class="n">{fig(f.after, percent)}</td>
                        <td class={`n ${tone}`}>{f.change ? (f.change > 0 ? '+' : '') + fig(f.change, percent) : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {changed.length === 0 && c.actors.length === 0 && c.people.length === 0 && <Empty>No difference.</Empty>}
            </Section>
            <List title="Who gains or loses the ability to act" items={c.actors} empty="Nobody.">
              {(a) => (
                <>
                  <EntityLink kind="matter" e={a.matter} />
                  {a.gained.length > 0 && <span class="good"> gains {names(a.gained)}</span>}
                  {a.lost.length > 0 && <span class="bad"> loses {names(a.lost)}</span>}
                </>
              )}
            </List>
            <List title="Handlings whose route changes" items={c.handlings} empty="None.">
              {(h) => (
                <>
                  <EntityLink kind="touchpoint" e={h.touchpoint} /> · <EntityLink kind="matter" e={h.matter} />: {handling(h.before)} → {handling(h.after)}
                </>
              )}
            </List>
            <List
              title="Orphan and single-actor matters"
              items={[
                ...c.becameOrphan.map((m) => ({ m, text: 'becomes orphan', tone: 'bad' })),
                ...c.noLongerOrphan.map((m) => ({ m, text: 'is no longer orphan', tone: 'good' })),
                ...c.becameSingleActor.map((s) => ({ m: s.matter, text: `rests on ${s.person.name} alone`, tone: 'bad' })),
                ...c.noLongerSingleActor.map((s) => ({ m: s.matter, text: `no longer rests on ${s.person.name} alone`, tone: 'good' })),
              ]}
              empty="No change."
            >
              {(x) => (
                <>
                  <EntityLink kind="matter" e={x.m} /> <span class={x.tone}>{x.text}</span>
                </>
              )}
            </List>
            <List title="People whose teams or manager change" items={c.people} empty="Nobody.">
              {(p) => (
                <>
                  <EntityLink kind="person" e={p.person} />
                  {p.joined.length > 0 && <> joins {names(p.joined)}</>}
                  {p.left.length > 0 && <> leaves {names(p.left)}</>}
                  {(p.managerBefore?.id ?? null) !== (p.managerAfter?.id ?? null) && (
                    <>
                      {' '}
                      manager {p.managerBefore?.name ?? 'none'} → {p.managerAfter?.name ?? 'none'}
                    </>
                  )}
                </>
              )}
            </List>
          </div>
        );
      }}
    </Loaded>
  );
}

function names(xs: Named[]): string {
  return xs.map((x) => x.name).join(', ');
}

function handling(h: HandlingFacts | null): string {
  if (!h) return 'not handled';
  return h.frontLineCanAct ? 'front line acts' : h.distance === null ? 'stranded' : `${h.distance} hops`;
}

function List<T>(props: { title: string; items: T[]; empty: string; children: (x: T) => ComponentChildren }) {
  return (
    <Section title={props.title} count={props.items.length}>
      {props.items.length === 0 ? (
        <Empty>{props.empty}</Empty>
      ) : (
        <ul>
          {props.items.map((x, i) => (
            <li key={i}>{props.children(x)}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}
