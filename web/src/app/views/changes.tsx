// The org's history (docs/changes.md): every committed write, newest first,
// who made it, when and through which door; one change's entities before
// and after; and, for admins, its revert (written as a new change).
import { useState } from 'preact/hooks';
import { ApiError, gql } from '../../lib/api';
import { changeQuery, changesQuery, revertMutation } from '../queries';
import { navigate, withQuery } from '../router';
import { may, useSession } from '../session';
import { Empty, Failure, hrefOf, Loaded, num, Section, View, useQuery } from '../ui';

interface Principal {
  name: string;
  role: string;
}
interface ChangeFacts {
  id: string;
  version: number;
  at: string;
  via: string;
  created: number;
  updated: number;
  deleted: number;
  principal: Principal;
  approvedBy: Principal | null;
  reverts: { id: string; version: number } | null;
}
interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
interface Entry {
  type: string;
  id: string;
  op: 'CREATE' | 'UPDATE' | 'DELETE';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const vias = ['IMPORT', 'MUTATION', 'SCIM', 'SCENARIO', 'REVERT'];

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

function At({ at }: { at: string }) {
  return <time dateTime={at}>{when.format(new Date(at))}</time>;
}

function Who({ p }: { p: Principal }) {
  return (
    <>
      {p.name} <span class="tag">{p.role}</span>
    </>
  );
}

/** "3 created, 1 updated": the counts a change did, none left out but the zeros. */
function counts(c: ChangeFacts): string {
  const parts = [
    [c.created, 'created'],
    [c.updated, 'updated'],
    [c.deleted, 'deleted'],
  ]
    .filter(([n]) => n)
    .map(([n, w]) => `${num(n as number)} ${w}`);
  return parts.join(', ') || 'nothing';
}

export function ChangesView({ query }: { query: URLSearchParams }) {
  const via = query.get('via');
  const entity = query.get('entity');
  const load = useQuery<{ orgVersion: number; changes: Page<ChangeFacts> }>(changesQuery, { after: query.get('after'), via, entity });
  return (
    <Loaded load={load} what="the history" page="History">
      {(d) => (
        <View title="History" subtitle={`The org is at version ${num(d.orgVersion)}: every committed write is a change, newest first.`} ready>
          <form class="picker" onSubmit={(e) => e.preventDefault()}>
            <label>
              Through{' '}
              <select value={via ?? ''} onChange={(e) => navigate(withQuery({ via: (e.target as HTMLSelectElement).value, after: null }))}>
                <option value="">any door</option>
                {vias.map((v) => (
                  <option value={v} key={v}>
                    {v.toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
            {entity && (
              <span>
                touching <code>{entity}</code> <a href={withQuery({ entity: null, after: null })}>show all</a>
              </span>
            )}
          </form>
          <Section title="Changes" count={d.changes.totalCount}>
            {d.changes.nodes.length === 0 ? (
              <Empty>No change{via || entity ? ' matches' : ' yet'}.</Empty>
            ) : (
              <table class="changes">
                <thead>
                  <tr>
                    <th class="n">Version</th>
                    <th>When</th>
                    <th>Who</th>
                    <th>Through</th>
                    <th>What</th>
                  </tr>
                </thead>
                <tbody>
                  {d.changes.nodes.map((c) => (
                    <tr key={c.id}>
                      <td class="n">
                        <a href={`/changes/${encodeURIComponent(c.id)}`} aria-label={`Change ${c.version}`}>
                          #{c.version}
                        </a>
                      </td>
                      <td>
                        <At at={c.at} />
                      </td>
                      <td>
                        <Who p={c.principal} />
                        {c.approvedBy && (
                          <span class="muted">
                            {' '}
                            approved by <Who p={c.approvedBy} />
                          </span>
                        )}
                      </td>
                      <td>
                        {c.via.toLowerCase()}
                        {c.reverts && (
                          <>
                            {' '}
                            of <a href={`/changes/${encodeURIComponent(c.reverts.id)}`}>#{c.reverts.version}</a>
                          </>
                        )}
                      </td>
                      <td>{counts(c)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {(query.get('after') || d.changes.pageInfo.hasNextPage) && (
              <p class="pager">
                {query.get('after') && <a href={withQuery({ after: null })}>Newest</a>}{' '}
                {d.changes.pageInfo.hasNextPage && <a href={withQuery({ after: d.changes.pageInfo.endCursor })}>Older changes</a>}
              </p>
            )}
          </Section>
        </View>
      )}
    </Loaded>
  );
}

/** A membership's id is its person's and team's ids joined by "/", with "/" and "\" inside them escaped by "\". */
function membershipIds(id: string): [string, string] | null {
  const parts: string[] = [''];
  for (let i = 0; i < id.length; i++) {
    if (id[i] === '\\' && i + 1 < id.length) parts[parts.length - 1] += id[++i];
    else if (id[i] === '/') parts.push('');
    else parts[parts.length - 1] += id[i];
  }
  return parts.length === 2 ? [parts[0], parts[1]] : null;
}

function EntityRef({ e }: { e: Entry }) {
  const kind = ({ PERSON: 'person', TEAM: 'team', MATTER: 'matter', TOUCHPOINT: 'touchpoint' } as const)[e.type as 'PERSON'];
  if (kind) return <a href={hrefOf[kind](e.id)}>{e.id}</a>;
  const m = e.type === 'MEMBERSHIP' ? membershipIds(e.id) : null;
  if (m)
    return (
      <>
        <a href={hrefOf.person(m[0])}>{m[0]}</a> in <a href={hrefOf.team(m[1])}>{m[1]}</a>
      </>
    );
  return <code>{e.id}</code>;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An entity's fields before and after, the changed ones marked; an update shows only what changed. */
function EntryFields({ e }: { e: Entry }) {
  const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])];
  const changed = (k: string) => show(e.before?.[k]) !== show(e.after?.[k]);
  const rows = e.op === 'UPDATE' ? keys.filter(changed) : keys;
  return (
    <table class="fields">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((k) => (
          <tr key={k} class={changed(k) ? 'changed' : undefined}>
            <th scope="row">{k}</th>
            <td>{e.before ? show(e.before[k]) : <span class="muted">did not exist</span>}</td>
            <td>{e.after ? show(e.after[k]) : <span class="muted">no longer exists</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Reverted = { state: 'idle' } | { state: 'busy' } | { state: 'done'; change: ChangeFacts } | { state: 'error'; error: Error };

function RevertButton({ change, orgVersion }: { change: ChangeFacts; orgVersion: number }) {
  const [r, setR] = useState<Reverted>({ state: 'idle' });
  const revert = async () => {
    setR({ state: 'busy' });
    try {
      // ifVersion: the org as this page showed it; if anything was written since, CONFLICT rather than a revert of what the reader did not see.
      const d = await gql<{ revertChange: ChangeFacts }>(revertMutation, { id: change.id, ifVersion: orgVersion });
      setR({ state: 'done', change: d.revertChange });
    } catch (e) {
      setR({ state: 'error', error: e as Error });
    }
  };
  return (
    <div class="revert" aria-live="polite">
      {r.state !== 'done' && (
        <button type="button" onClick={revert} disabled={r.state === 'busy'}>
          {r.state === 'busy' ? 'Reverting…' : `Revert change #${change.version}`}
        </button>
      )}
      {r.state === 'done' && (
        <p class="answer" role="status">
          Reverted: <a href={`/changes/${encodeURIComponent(r.change.id)}`}>change #{r.change.version}</a> ({r.change.via.toLowerCase()}, {counts(r.change)}) undoes it.
        </p>
      )}
      {r.state === 'error' && (
        <>
          <Failure error={r.error} />
          {r.error instanceof ApiError && r.error.code === 'CONFLICT' && (
            <p>
              <a href={location.pathname}>Reload</a> to see the org as it is now.
            </p>
          )}
        </>
      )}
    </div>
  );
}

export function ChangeView({ id, query }: { id: string; query: URLSearchParams }) {
  const session = useSession();
  const load = useQuery<{ orgVersion: number; change: (ChangeFacts & { reverts: { id: string; version: number; at: string; via: string } | null; entries: Page<Entry> }) | null }>(
    changeQuery,
    { id, after: query.get('after') },
  );
  return (
    <Loaded load={load} what="the change" page="No such change">
      {(d) => {
        const c = d.change;
        if (!c) return <View title="No such change" ready>No change has the id “{id}” (or it was pruned).</View>;
        return (
          <View
            title={`Change #${c.version}`}
            subtitle={
              <>
                <At at={c.at} /> · {c.via.toLowerCase()} · by <Who p={c.principal} /> · {counts(c)}
              </>
            }
            ready
          >
            <p>
              <a href="/changes">All changes</a>
              {c.reverts && (
                <>
                  {' '}
                  · reverts <a href={`/changes/${encodeURIComponent(c.reverts.id)}`}>change #{c.reverts.version}</a>
                </>
              )}
              {c.approvedBy && (
                <>
                  {' '}
                  · held by the deletion guard, approved by <Who p={c.approvedBy} />
                </>
              )}
            </p>
            {may(session, 'administer') && <RevertButton change={c} orgVersion={d.orgVersion} />}
            <Section title="Entities" count={c.entries.totalCount}>
              {c.entries.nodes.length === 0 ? (
                <Empty>None.</Empty>
              ) : (
                <ol class="entries">
                  {c.entries.nodes.map((e) => (
                    <li key={`${e.type}-${e.id}`} class="entry">
                      <h3>
                        <span class={`tag op-${e.op.toLowerCase()}`}>{e.op.toLowerCase()}</span> {e.type.toLowerCase()} <EntityRef e={e} />
                      </h3>
                      <EntryFields e={e} />
                    </li>
                  ))}
                </ol>
              )}
              {c.entries.pageInfo.hasNextPage && (
                <p class="pager">
                  <a href={withQuery({ after: c.entries.pageInfo.endCursor })}>Next entities</a>
                </p>
              )}
            </Section>
          </View>
        );
      }}
    </Loaded>
  );
}
