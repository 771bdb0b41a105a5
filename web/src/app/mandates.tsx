// Mandates as the views show them: one line with its effective limit and
// validity, its delegation chain, and a graph of the chains of many.
import { EntityLink, limit, Named, NodeLink } from './ui';

export interface Mandate extends Named {
  limit: number | null;
  effectiveLimit: number | null;
  effective: boolean;
  validFrom: string | null;
  validUntil: string | null;
  matter: Named;
  holder: Named & { __typename: 'Person' | 'Team' };
  /** Cut at the query's depth: then only the id is known. */
  delegatedFrom: (Partial<Mandate> & { id: string }) | null;
}

/** The chain from the mandate up to its root, the mandate first; cut says the query's depth ended it. */
export function chainOf(m: Partial<Mandate> & { id: string }): { chain: Mandate[]; cut: boolean } {
  const chain: Mandate[] = [];
  let cur: (Partial<Mandate> & { id: string }) | null | undefined = m;
  while (cur && cur.name !== undefined) {
    chain.push(cur as Mandate);
    cur = cur.delegatedFrom;
  }
  return { chain, cut: !!cur };
}

const day = (s: string | null) => (s ? s.slice(0, 10) : '');

export function Validity({ m }: { m: Mandate }) {
  if (!m.validFrom && !m.validUntil) return null;
  return (
    <span class="validity">
      {m.validFrom ? `from ${day(m.validFrom)}` : ''} {m.validUntil ? `until ${day(m.validUntil)}` : ''}
    </span>
  );
}

/** One mandate: name, matter, holder, limits, in force or not, and where it is delegated from. */
export function MandateLine({ m, showHolder = true }: { m: Mandate; showHolder?: boolean }) {
  const { chain, cut } = chainOf(m);
  return (
    <div class={`mandate${m.effective ? '' : ' not-in-force'}`}>
      <div>
        <strong>{m.name}</strong> on <EntityLink kind="matter" e={m.matter} />
        {showHolder && (
          <>
            {' '}
            held by <NodeLink node={m.holder} />
          </>
        )}
      </div>
      <div class="facts">
        <span>own limit {limit(m.limit)}</span>
        <span>effective limit {limit(m.effectiveLimit)}</span>
        <span class={m.effective ? 'good' : 'bad'}>{m.effective ? 'in force' : 'not in force'}</span>
        <Validity m={m} />
      </div>
      {chain.length > 1 && (
        <ol class="chain" aria-label={`Delegation chain of ${m.name}, from the root`}>
          {chain
            .slice()
            .reverse()
            .map((c, i) => (
              <li key={c.id}>
                {i === 0 && cut && <span aria-label="delegated from more mandates">… → </span>}
                {c.name} (<NodeLink node={c.holder} />, {limit(c.effectiveLimit)}
                {c.effective ? '' : ', not in force'})
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}

export interface ChainGraphActor {
  person: Named;
  mandates: string[];
}

/**
 * The delegation chains of a set of mandates as a tree drawn in SVG: roots
 * on the left, delegations to the right, each mandate with its holder and
 * effective limit, and how many of the listed people act through it. The
 * same facts are in the lists beside it for a screen reader.
 */
export function ChainGraph({ mandates, actorsOf, label }: { mandates: Mandate[]; actorsOf: Map<string, number>; label: string }) {
  const byId = new Map<string, Mandate>();
  const parentOf = new Map<string, string | null>();
  for (const m of mandates) {
    for (const c of chainOf(m).chain) {
      byId.set(c.id, c);
      parentOf.set(c.id, c.delegatedFrom && c.delegatedFrom.name !== undefined ? c.delegatedFrom.id : null);
    }
  }
  const children = new Map<string | null, string[]>();
  for (const [id, p] of parentOf) (children.get(p) ?? children.set(p, []).get(p)!).push(id);
  for (const v of children.values()) v.sort();
  const maxNodes = 80;
  const placed: { id: string; depth: number; row: number; parent: string | null }[] = [];
  const walk = (id: string, depth: number, parent: string | null) => {
    if (placed.length >= maxNodes) return;
    placed.push({ id, depth, row: placed.length, parent });
    for (const c of children.get(id) ?? []) walk(c, depth + 1, id);
  };
  for (const r of children.get(null) ?? []) walk(r, 0, null);
  if (placed.length === 0) return null;
  const W = 250, H = 46, gapX = 40;
  const pos = new Map(placed.map((p) => [p.id, p]));
  const width = (Math.max(...placed.map((p) => p.depth)) + 1) * (W + gapX);
  const height = placed.length * H + 10;
  return (
    <figure class="chain-graph">
      <div class="scroll">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
          {placed.map((p) => {
            const par = p.parent ? pos.get(p.parent) : undefined;
            if (!par) return null;
            const x1 = par.depth * (W + gapX) + W, y1 = par.row * H + 22, x2 = p.depth * (W + gapX), y2 = p.row * H + 22;
            return <path key={`e-${p.id}`} d={`M${x1},${y1} C${x1 + gapX / 2},${y1} ${x2 - gapX / 2},${y2} ${x2},${y2}`} class="edge" />;
          })}
          {placed.map((p) => {
            const m = byId.get(p.id)!;
            const n = actorsOf.get(p.id) ?? 0;
            return (
              <g key={p.id} transform={`translate(${p.depth * (W + gapX)},${p.row * H + 4})`} class={m.effective ? 'node' : 'node off'}>
                <rect width={W} height={H - 8} rx="6" />
                <text x="8" y="15" class="t1">
                  {m.name.length > 32 ? m.name.slice(0, 31) + '…' : m.name}
                </text>
                <text x="8" y="31" class="t2">
                  {`${m.holder.name.slice(0, 20)} · ${limit(m.effectiveLimit)}${n ? ` · ${n} act` : ''}`}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        Delegation chains: each box is a mandate (holder · effective limit · how many of the people above act through it); a line runs from a mandate to one delegated from it.
        {placed.length >= maxNodes && ` The first ${maxNodes} mandates are drawn.`}
      </figcaption>
    </figure>
  );
}
