// The org as the explorer draws it: every team and person, loaded a page
// (1 000) at a time, laid out once as a radial tree of teams with each
// person beside their unit. Expanding and collapsing only hides and shows;
// nothing moves, and nothing is asked of the server again.
import { gql } from '../../lib/api';
import { explorerPeopleQuery, explorerTeamsQuery } from '../queries';

export interface TeamNode {
  id: string;
  name: string;
  kind: 'UNIT' | 'TEAM';
  parent: string | null;
  children: string[];
  /** People whose place in the drawing is this team. */
  people: string[];
  /** Everyone with a membership in the team. */
  members: string[];
  x: number;
  y: number;
}

export interface PersonNode {
  id: string;
  name: string;
  title: string | null;
  active: boolean;
  /** The team the person is drawn beside: their first unit, else their first team. */
  home: string | null;
  teams: string[];
  x: number;
  y: number;
}

export interface Org {
  teams: Map<string, TeamNode>;
  people: Map<string, PersonNode>;
  /** Teams at the top of the drawing's trees. */
  roots: string[];
  /** Cross-functional teams with no parent and nobody drawn beside them: drawn amid their members, shown when one is. */
  floating: string[];
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Loads every team and person: a bounded request per 1 000 of them. */
export async function loadOrg(signal: AbortSignal, progress: (text: string) => void): Promise<Org> {
  const teams = new Map<string, TeamNode>();
  let after: string | null = null;
  for (;;) {
    type R = { teams: { pageInfo: PageInfo; nodes: { id: string; name: string; kind: 'UNIT' | 'TEAM'; parent: { id: string } | null }[] } };
    const r: R = await gql<R>(explorerTeamsQuery, { after }, signal);
    for (const t of r.teams.nodes) teams.set(t.id, { id: t.id, name: t.name, kind: t.kind, parent: t.parent?.id ?? null, children: [], people: [], members: [], x: 0, y: 0 });
    progress(`Loaded ${teams.size} teams…`);
    if (!r.teams.pageInfo.hasNextPage) break;
    after = r.teams.pageInfo.endCursor;
  }
  const people = new Map<string, PersonNode>();
  after = null;
  for (;;) {
    type R = {
      people: {
        pageInfo: PageInfo;
        nodes: { id: string; name: string; title: string | null; active: boolean; memberships: { nodes: { role: string; team: { id: string } }[] } }[];
      };
    };
    const r: R = await gql<R>(explorerPeopleQuery, { after }, signal);
    for (const p of r.people.nodes) {
      const ts = p.memberships.nodes.map((m) => m.team.id).filter((t) => teams.has(t));
      const home = ts.find((t) => teams.get(t)!.kind === 'UNIT') ?? ts[0] ?? null;
      people.set(p.id, { id: p.id, name: p.name, title: p.title, active: p.active, home, teams: ts, x: 0, y: 0 });
    }
    progress(`Loaded ${teams.size} teams and ${people.size} people…`);
    if (!r.people.pageInfo.hasNextPage) break;
    after = r.people.pageInfo.endCursor;
  }
  return layout(teams, people);
}

/**
 * A radial tree: each team gets an angle in proportion to what it holds
 * (its people and the teams below it), one ring per level; its people sit
 * in a small sunflower around it.
 */
export function layout(teams: Map<string, TeamNode>, people: Map<string, PersonNode>): Org {
  const roots: string[] = [];
  // Cross-functional teams with no parent are drawn amid their members, not as trees of their own.
  const floating: TeamNode[] = [];
  for (const t of teams.values()) {
    const p = t.parent !== null ? teams.get(t.parent) : undefined;
    if (p) p.children.push(t.id);
    else roots.push(t.id);
    if (!p && t.kind === 'TEAM') floating.push(t);
  }
  for (const p of people.values()) if (p.home) teams.get(p.home)!.people.push(p.id);
  const weight = new Map<string, number>();
  const weigh = (id: string): number => {
    const t = teams.get(id)!;
    let w = 1 + t.people.length;
    for (const c of t.children) w += weigh(c);
    weight.set(id, w);
    return w;
  };
  const trees = roots.filter((r) => { const t = teams.get(r)!; return t.kind === 'UNIT' || t.people.length + t.children.length > 0; });
  let total = 0;
  for (const r of trees) total += weigh(r);
  const ring = 600;
  const place = (id: string, depth: number, a0: number, a1: number) => {
    const t = teams.get(id)!;
    const mid = (a0 + a1) / 2;
    const r = depth * ring;
    t.x = r * Math.cos(mid);
    t.y = r * Math.sin(mid);
    // The team's own people take their share of its angle first, then the teams below.
    const w = weight.get(id)!;
    let a = a0 + ((a1 - a0) * (1 + t.people.length)) / w / 2;
    const rest = (a1 - a0) * (1 - (1 + t.people.length) / w / 2);
    const childTotal = t.children.reduce((s, c) => s + weight.get(c)!, 0) || 1;
    for (const c of t.children) {
      const span = (rest * weight.get(c)!) / childTotal;
      place(c, depth + 1, a, a + span);
      a += span;
    }
    t.people.forEach((pid, i) => {
      const p = people.get(pid)!;
      const ang = i * 2.39996; // the golden angle: an even disc whatever the count
      const rr = 40 + 36 * Math.sqrt(i);
      p.x = t.x + rr * Math.cos(ang);
      p.y = t.y + rr * Math.sin(ang);
    });
  };
  let a = 0;
  for (const r of trees) {
    const span = (2 * Math.PI * weight.get(r)!) / total;
    place(r, trees.length === 1 ? 0 : 1, a, a + span);
    a += span;
  }
  for (const p of people.values()) for (const t of p.teams) teams.get(t)!.members.push(p.id);
  const free = floating.filter((t) => t.people.length + t.children.length === 0);
  free.forEach((t, i) => {
    const ms = t.members.map((id) => people.get(id)!);
    const n = Math.max(1, ms.length);
    t.x = ms.reduce((s, p) => s + p.x, 0) / n + 40 * Math.cos(i);
    t.y = ms.reduce((s, p) => s + p.y, 0) / n + 40 * Math.sin(i);
  });
  // Units first, then teams; by name.
  const byName = (x: string, y: string) => {
    const tx = teams.get(x)!, ty = teams.get(y)!;
    return tx.kind === ty.kind ? tx.name.localeCompare(ty.name) : tx.kind === 'UNIT' ? -1 : 1;
  };
  return { teams, people, roots: trees.sort(byName), floating: free.map((t) => t.id).sort(byName) };
}

/** The teams from the root down to id. */
export function ancestors(org: Org, id: string): string[] {
  const up: string[] = [];
  // Bounded by the team count: validation forbids cycles, but a drawing must never hang.
  for (let t = org.teams.get(id); t && up.length <= org.teams.size; t = t.parent ? org.teams.get(t.parent) : undefined) up.unshift(t.id);
  return up;
}
