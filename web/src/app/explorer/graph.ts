// The explorer's drawing: sigma.js (WebGL) over a graphology graph, loaded
// only when the explorer opens. Chosen over cytoscape.js by measurement:
// the whole 10 000-person synthetic org (11 778 nodes, 15 435 links) drew
// in 1.9–5.3 s with sigma and 8.4–9.0 s with cytoscape.js in headless
// Chromium on two cores (docs/web.md).
import Graph from 'graphology';
import Sigma from 'sigma';
import type { Org } from './model';

export interface DrawState {
  /** Teams whose contents are shown. */
  open: Set<string>;
  /** People who can act on the chosen matter. */
  highlighted: Set<string>;
  /** The node the user picked. */
  selected: string | null;
}

export interface Drawing {
  /** Resolves when the first frame is on screen. */
  ready: Promise<void>;
  /** Redraws after the state changed; resolves when the frame is on screen. */
  update(state: DrawState): Promise<void>;
  /** Nodes and links on screen now. */
  counts(): { nodes: number; edges: number };
  kill(): void;
}

const colors = { unit: '#3b5b92', team: '#8a5cc2', person: '#6f9fd8', inactive: '#b8b8b8', highlight: '#d9480f', dim: '#dde3ea', edge: '#c9d3df', selected: '#111' };

const team = (id: string) => `t:${id}`;
const person = (id: string) => `p:${id}`;

export function draw(container: HTMLElement, org: Org, initial: DrawState, onPick: (node: { kind: 'team' | 'person'; id: string }) => void): Drawing {
  const g = new Graph({ multi: false, type: 'undirected' });
  for (const t of org.teams.values()) {
    g.addNode(team(t.id), { x: t.x, y: -t.y, size: t.kind === 'UNIT' ? 6 : 5, label: t.name, color: t.kind === 'UNIT' ? colors.unit : colors.team });
  }
  for (const p of org.people.values()) {
    g.addNode(person(p.id), { x: p.x, y: -p.y, size: 2.5, label: p.name, color: p.active ? colors.person : colors.inactive });
  }
  for (const t of org.teams.values()) if (t.parent && org.teams.has(t.parent)) g.mergeEdge(team(t.id), team(t.parent), { kind: 'parent' });
  for (const p of org.people.values()) for (const t of p.teams) g.mergeEdge(person(p.id), team(t), { kind: 'member' });

  let state = initial;
  // A node is on screen when every team above it is open (a person: their home team).
  const visibleTeam = new Map<string, boolean>();
  const computeVisible = () => {
    visibleTeam.clear();
    const walk = (id: string, shown: boolean) => {
      visibleTeam.set(id, shown);
      const t = org.teams.get(id)!;
      for (const c of t.children) walk(c, shown && state.open.has(id));
    };
    for (const r of org.roots) walk(r, true);
  };
  const floating = new Set(org.floating);
  const visible = (node: string): boolean => {
    const id = node.slice(2);
    if (node.startsWith('t:')) return floating.has(id) ? org.teams.get(id)!.members.some(shownPerson) : (visibleTeam.get(id) ?? false);
    return shownPerson(id);
  };
  function shownPerson(id: string): boolean {
    const p = org.people.get(id)!;
    return p.home !== null && (visibleTeam.get(p.home) ?? false) && state.open.has(p.home);
  }
  // A collapsed team that holds highlighted people shows it.
  const holdsHighlight = new Set<string>();
  const computeHolds = () => {
    holdsHighlight.clear();
    for (const pid of state.highlighted) {
      const p = org.people.get(pid);
      for (let t = p?.home ? org.teams.get(p.home) : undefined; t && !holdsHighlight.has(t.id); t = t.parent ? org.teams.get(t.parent) : undefined) holdsHighlight.add(t.id);
    }
  };
  computeVisible();
  computeHolds();

  const renderer = new Sigma(g, container, {
    renderEdgeLabels: false,
    hideEdgesOnMove: true,
    labelRenderedSizeThreshold: 5,
    zIndex: true,
    nodeReducer: (node, data) => {
      if (!visible(node)) return { ...data, hidden: true };
      const id = node.slice(2);
      const isTeam = node.startsWith('t:');
      const lit = isTeam ? holdsHighlight.has(id) && !state.open.has(id) : state.highlighted.has(id);
      const res = { ...data };
      if (state.highlighted.size > 0) {
        if (lit) {
          res.color = colors.highlight;
          res.zIndex = 2;
          res.size = (data.size as number) * 1.6;
          res.forceLabel = !isTeam;
        } else if (!isTeam) res.color = colors.dim;
      }
      if (isTeam && !state.open.has(id) && org.teams.get(id)!.children.length + org.teams.get(id)!.people.length > 0) res.size = (res.size as number) * 1.4;
      if (state.selected === node) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 3;
      }
      return res;
    },
    edgeReducer: (edge, data) => {
      const [s, t] = g.extremities(edge);
      if (!visible(s) || !visible(t)) return { ...data, hidden: true };
      return { ...data, color: colors.edge, size: 0.5 };
    },
  });
  renderer.on('clickNode', ({ node }) => onPick({ kind: node.startsWith('t:') ? 'team' : 'person', id: node.slice(2) }));
  renderer.on('enterNode', () => (container.style.cursor = 'pointer'));
  renderer.on('leaveNode', () => (container.style.cursor = ''));

  const frame = () => new Promise<void>((resolve) => renderer.once('afterRender', () => requestAnimationFrame(() => resolve())));
  // The constructor drew the first frame; the next animation frame has it on screen.
  const ready = new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  return {
    ready,
    update(next) {
      state = next;
      computeVisible();
      computeHolds();
      const done = frame();
      renderer.refresh();
      return done;
    },
    counts() {
      let nodes = 0;
      let edges = 0;
      g.forEachNode((n) => void (visible(n) && nodes++));
      g.forEachEdge((_e, _a, s, t) => void (visible(s) && visible(t) && edges++));
      return { nodes, edges };
    },
    kill() {
      renderer.kill();
    },
  };
}
