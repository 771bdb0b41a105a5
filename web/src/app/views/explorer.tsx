// The network explorer: units and teams with their people as a graph
// (sigma.js, loaded on first use), units opened and closed from the graph
// or from the tree beside it (the keyboard's and screen reader's way), and
// everyone who can act on a chosen matter highlighted. State is in the URL:
// /explorer?open=u1,u2&matter=m-cards&amount=2000.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql } from '../../lib/api';
import type { Drawing } from '../explorer/graph';
import { ancestors, loadOrg, Org } from '../explorer/model';
import { matterNamesQuery, whoCanActIdsQuery } from '../queries';
import { navigate, withQuery } from '../router';
import { EntityLink, Failure, hrefOf, Loading, Named, num, useLoad, View } from '../ui';

export interface ExplorerTiming {
  /** Loading every team and person, ms. */
  loadMs: number;
  /** From data to the first frame on screen, ms. */
  drawMs: number;
  nodes: number;
  edges: number;
}

declare global {
  interface Window {
    /** The last drawing's timing, for the browser tests. */
    orgnetExplorer?: ExplorerTiming & { state: string };
  }
}

export function ExplorerView({ query }: { query: URLSearchParams }) {
  const [progress, setProgress] = useState('Loading the org…');
  const load = useLoad(async (signal) => {
    const t0 = performance.now();
    const org = await loadOrg(signal, setProgress);
    return { org, loadMs: performance.now() - t0 };
  }, []);
  return (
    <View title="Network explorer" subtitle="Units and teams with their people. Open a unit in the tree or click it in the graph; choose a matter to highlight everyone who can act on it.">
      {load.state === 'loading' && <Loading what={progress.replace(/^Loaded/, 'the org: loaded').replace(/…$/, '')} />}
      {load.state === 'error' && <Failure error={load.error} />}
      {load.state === 'done' && <Explorer org={load.data.org} loadMs={load.data.loadMs} query={query} />}
    </View>
  );
}

function Explorer({ org, loadMs, query }: { org: Org; loadMs: number; query: URLSearchParams }) {
  const openParam = query.get('open');
  const all = openParam === '*';
  const open = useMemo(() => (all ? new Set(org.teams.keys()) : new Set((openParam ?? org.roots.join(',')).split(',').filter((id) => org.teams.has(id)))), [openParam, org]);
  const matter = query.get('matter');
  const amount = query.get('amount');
  const [selected, setSelected] = useState<{ kind: 'team' | 'person'; id: string } | null>(() => {
    const f = query.get('focus');
    return f && org.teams.has(f) ? { kind: 'team', id: f } : null;
  });

  const actors = useLoad(
    (signal) =>
      matter
        ? gql<{ matter: (Named & { whoCanAct: { person: { id: string } }[] }) | null }>(whoCanActIdsQuery, { matter, amount: amount === null ? null : Number(amount), at: query.get('at') }, signal)
        : Promise.resolve(null),
    [matter, amount],
  );
  const highlighted = useMemo(() => new Set(actors.state === 'done' && actors.data?.matter ? actors.data.matter.whoCanAct.map((a) => a.person.id) : []), [actors]);

  // '*': every team open; '-': none (no parameter: the top units open).
  const setOpen = (next: Set<string>) => navigate(withQuery({ open: next.size === org.teams.size ? '*' : next.size === 0 ? '-' : [...next].sort().join(',') }), true);
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  const openActors = () => {
    const next = new Set(open);
    for (const pid of highlighted) {
      const p = org.people.get(pid);
      if (p?.home) for (const t of ancestors(org, p.home)) next.add(t);
    }
    setOpen(next);
  };

  // The drawing lives outside Preact: created once, updated on every state change.
  const box = useRef<HTMLDivElement>(null);
  const drawing = useRef<Drawing | null>(null);
  const [status, setStatus] = useState('Drawing…');
  const [failed, setFailed] = useState<Error | null>(null);
  const state = { open, highlighted, selected: selected ? `${selected.kind === 'team' ? 't' : 'p'}:${selected.id}` : null };
  const stateRef = useRef(state);
  stateRef.current = state;
  // The graph's click handler is made once; it calls the toggle of the latest render.
  const toggleRef = useRef(toggle);
  toggleRef.current = toggle;

  useEffect(() => {
    let killed = false;
    const t0 = performance.now();
    import('../explorer/graph')
      .then(async ({ draw }) => {
        if (killed || !box.current) return;
        const d = draw(box.current, org, stateRef.current, (n) => {
          if (n.kind === 'team') {
            setSelected(n);
            toggleRef.current(n.id);
          } else setSelected(n);
        });
        drawing.current = d;
        await d.ready;
        const drawMs = performance.now() - t0;
        const c = d.counts();
        window.orgnetExplorer = { loadMs, drawMs, ...c, state: 'drawn' };
        setStatus(describe(c, loadMs, drawMs));
      })
      .catch((e: Error) => setFailed(new Error(`The graph cannot be drawn here (it needs WebGL): ${e.message}. The tree beside it still works.`)));
    return () => {
      killed = true;
      drawing.current?.kill();
      drawing.current = null;
    };
  }, [org]);

  useEffect(() => {
    const d = drawing.current;
    if (!d) return;
    const t0 = performance.now();
    d.update(state).then(() => {
      const drawMs = performance.now() - t0;
      const c = d.counts();
      window.orgnetExplorer = { loadMs, drawMs, ...c, state: 'updated' };
      setStatus(describe(c, loadMs, drawMs));
    });
  }, [open, highlighted, selected]);

  const sel = selected ? (selected.kind === 'team' ? org.teams.get(selected.id) : org.people.get(selected.id)) : undefined;
  return (
    <div class="explorer">
      <div class="explorer-tools">
        <MatterPicker matter={actors.state === 'done' && actors.data?.matter ? actors.data.matter : null} />
        {matter && actors.state === 'done' && actors.data?.matter && (
          <p class="status" role="status" aria-live="polite" id="highlight-status">
            {num(highlighted.size)} {highlighted.size === 1 ? 'person' : 'people'} can act on <EntityLink kind="matter" e={actors.data.matter} />
            {amount ? ` at ${amount} SEK` : ''}, in orange.{' '}
            {highlighted.size > 0 && (
              <button type="button" onClick={openActors}>
                Open their units
              </button>
            )}{' '}
            <a href={withQuery({ matter: null, amount: null })}>Clear</a>
          </p>
        )}
        {actors.state === 'error' && <Failure error={actors.error} />}
        <div class="buttons">
          <button type="button" onClick={() => setOpen(new Set(org.teams.keys()))}>
            Open all
          </button>
          <button type="button" onClick={() => setOpen(new Set())}>
            Close all
          </button>
        </div>
        <p class="status" id="draw-status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
      <div class="explorer-main">
        <nav class="tree" aria-label="Units and teams">
          <ul role="list">
            {org.roots.map((r) => (
              <TreeItem key={r} org={org} id={r} open={open} toggle={toggle} highlighted={highlighted} />
            ))}
            {org.floating.length > 0 && <Floating org={org} highlighted={highlighted} />}
          </ul>
        </nav>
        <div class="graph-wrap">
          {failed && <Failure error={failed} />}
          <div class="graph" ref={box} role="img" aria-label={`The org as a graph: ${status}. The tree of units beside it has the same content.`} />
          {sel && (
            <aside class="picked" aria-label="Chosen in the graph">
              {'kind' in sel ? (
                <>
                  <EntityLink kind="team" e={sel} /> <span class="muted">{sel.kind === 'UNIT' ? 'unit' : 'team'}, {sel.people.length} people drawn here</span>
                </>
              ) : (
                <>
                  <EntityLink kind="person" e={sel} /> <span class="muted">{sel.title}</span>
                </>
              )}
            </aside>
          )}
        </div>
      </div>
    </div>
  );
}

const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${num(ms / 1000)} s`);

function describe(c: { nodes: number; edges: number }, loadMs: number, drawMs: number): string {
  return `${num(c.nodes)} nodes and ${num(c.edges)} links on screen; the org loaded in ${duration(loadMs)}, drawn in ${duration(drawMs)}.`;
}

function TreeItem({ org, id, open, toggle, highlighted }: { org: Org; id: string; open: Set<string>; toggle: (id: string) => void; highlighted: Set<string> }) {
  const t = org.teams.get(id)!;
  const isOpen = open.has(id);
  const lit = t.people.filter((p) => highlighted.has(p)).length;
  const expandable = t.children.length + t.people.length > 0;
  return (
    <li>
      <span class="tree-row">
        {expandable ? (
          <button type="button" class="toggle" aria-expanded={isOpen} onClick={() => toggle(id)} aria-label={`${isOpen ? 'Close' : 'Open'} ${t.name}`}>
            {isOpen ? '▾' : '▸'}
          </button>
        ) : (
          <span class="toggle" aria-hidden="true" />
        )}
        <a href={hrefOf.team(id)}>{t.name}</a>
        <span class="muted">
          {' '}
          {[t.kind === 'UNIT' ? '' : 'team', t.people.length > 0 ? `${t.people.length} people` : ''].filter(Boolean).join(' · ')}
          {lit > 0 && <strong class="lit"> · {lit} can act</strong>}
        </span>
      </span>
      {isOpen && t.children.length > 0 && (
        <ul role="list">
          {t.children.map((c) => (
            <TreeItem key={c} org={org} id={c} open={open} toggle={toggle} highlighted={highlighted} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The cross-functional teams drawn amid their members, listed apart so that they do not crowd the units. */
function Floating({ org, highlighted }: { org: Org; highlighted: Set<string> }) {
  const [open, setOpen] = useState(org.floating.length <= 10);
  return (
    <li>
      <span class="tree-row">
        <button type="button" class="toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`${open ? 'Close' : 'Open'} the cross-functional teams`}>
          {open ? '▾' : '▸'}
        </button>
        <span>Cross-functional teams</span> <span class="muted">{org.floating.length}, drawn among their members</span>
      </span>
      {open && (
        <ul role="list">
          {org.floating.map((id) => {
            const t = org.teams.get(id)!;
            const lit = t.members.filter((p) => highlighted.has(p)).length;
            return (
              <li key={id}>
                <span class="tree-row">
                  <span class="toggle" aria-hidden="true" />
                  <a href={hrefOf.team(id)}>{t.name}</a>
                  <span class="muted">
                    {' '}
                    {t.members.length} members{lit > 0 && <strong class="lit"> · {lit} can act</strong>}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

/** Choose a matter by name (a datalist of the first 20 matches). */
function MatterPicker({ matter }: { matter: Named | null }) {
  const [text, setText] = useState(matter?.name ?? '');
  useEffect(() => setText(matter?.name ?? ''), [matter?.id]);
  const term = text.trim();
  const options = useLoad((signal) => (term && term !== matter?.name ? gql<{ matters: { nodes: Named[] } }>(matterNamesQuery, { q: term }, signal) : Promise.resolve({ matters: { nodes: [] } })), [term]);
  const list = options.state === 'done' ? options.data.matters.nodes : [];
  const choose = () => {
    const m = list.find((x) => x.name.toLowerCase() === term.toLowerCase()) ?? list[0];
    if (m) navigate(withQuery({ matter: m.id }));
  };
  return (
    <form
      class="picker"
      onSubmit={(e) => {
        e.preventDefault();
        choose();
      }}
    >
      <label>
        Highlight who can act on{' '}
        <input list="matter-options" value={text} placeholder="a matter, e.g. card fee" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
      </label>
      <datalist id="matter-options">
        {list.map((m) => (
          <option key={m.id} value={m.name} />
        ))}
      </datalist>
      <button type="submit">Highlight</button>
    </form>
  );
}
