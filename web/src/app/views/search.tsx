// Search: people, teams, matters and touchpoints by name, keyboard first
// (a combobox: type, arrows to choose, Enter to open). The query is in the
// URL (/search?q=…), so a search can be linked and the back button returns
// to it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql } from '../../lib/api';
import { searchQuery } from '../queries';
import { navigate, withQuery } from '../router';
import { Failure, hrefOf, Kind, Named, View, useLoad } from '../ui';

interface Conn<T> {
  totalCount: number;
  nodes: T[];
}
interface SearchResult {
  people: Conn<Named & { title: string | null; active: boolean }>;
  teams: Conn<Named & { kind: string }>;
  matters: Conn<Named & { parent: { name: string } | null }>;
  touchpoints: Conn<Named & { channel: string }>;
}

interface Option {
  kind: Kind;
  id: string;
  name: string;
  detail: string;
}

const perKind = 8;

export function SearchView({ q }: { q: string }) {
  const [text, setText] = useState(q);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(q), [q]);
  useEffect(() => input.current?.focus(), []);

  // The URL follows the text as it is typed, without a history entry per key.
  useEffect(() => {
    const t = setTimeout(() => navigate(withQuery({ q: text.trim() || null }).replace(/^\/(\?|$)/, '/search$1'), true), 150);
    return () => clearTimeout(t);
  }, [text]);

  const term = q.trim();
  const load = useLoad<SearchResult | null>(
    (signal) => (term ? gql<SearchResult>(searchQuery, { q: term, n: perKind }, signal) : Promise.resolve(null)),
    [term],
  );
  const groups = useMemo(() => {
    if (load.state !== 'done' || !load.data) return [];
    const d = load.data;
    const g: { label: string; total: number; options: Option[] }[] = [
      { label: 'People', total: d.people.totalCount, options: d.people.nodes.map((p) => ({ kind: 'person', id: p.id, name: p.name, detail: [p.title, p.active ? '' : 'inactive'].filter(Boolean).join(' · ') })) },
      { label: 'Teams', total: d.teams.totalCount, options: d.teams.nodes.map((t) => ({ kind: 'team', id: t.id, name: t.name, detail: t.kind === 'UNIT' ? 'unit' : 'cross-functional team' })) },
      { label: 'Matters', total: d.matters.totalCount, options: d.matters.nodes.map((m) => ({ kind: 'matter', id: m.id, name: m.name, detail: m.parent ? `under ${m.parent.name}` : 'matter' })) },
      { label: 'Touchpoints', total: d.touchpoints.totalCount, options: d.touchpoints.nodes.map((t) => ({ kind: 'touchpoint', id: t.id, name: t.name, detail: t.channel.toLowerCase() })) },
    ];
    return g.filter((x) => x.options.length > 0);
  }, [load]);
  const options = groups.flatMap((g) => g.options);
  useEffect(() => setActive(0), [load]);

  const open = (o: Option | undefined) => o && navigate(hrefOf[o.kind](o.id));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(options.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Home' && e.ctrlKey) setActive(0);
    else if (e.key === 'End' && e.ctrlKey) setActive(options.length - 1);
    else if (e.key === 'Enter') open(options[active]);
    else if (e.key === 'Escape') setText('');
    else return;
    e.preventDefault();
  };
  const optionId = (o: Option) => `opt-${o.kind}-${o.id}`;
  const total = groups.reduce((n, g) => n + g.total, 0);
  let i = -1;

  return (
    <View title="Search" subtitle="People, teams, matters and touchpoints by name. Arrows choose, Enter opens; press / anywhere to come back here." ready={load.state !== 'loading'}>
      <div class="search">
        <label for="search-input" class="visually-hidden">
          Search by name
        </label>
        <input
          id="search-input"
          ref={input}
          type="search"
          role="combobox"
          autocomplete="off"
          spellcheck={false}
          placeholder="Search by name: Sara, Cards, card fee, phone…"
          aria-expanded={options.length > 0}
          aria-controls="search-results"
          aria-activedescendant={options[active] ? optionId(options[active]) : undefined}
          aria-describedby="search-status"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onKeyDown={onKey}
        />
        <p id="search-status" class="status" role="status" aria-live="polite">
          {!term ? 'Type a name.' : load.state === 'loading' ? 'Searching…' : load.state === 'done' ? (total === 0 ? `Nothing is named like “${term}”.` : `${total} found${total > options.length ? `, the first ${options.length} shown` : ''}.`) : ''}
        </p>
        {load.state === 'error' && <Failure error={load.error} />}
        <div id="search-results" role="listbox" aria-label="Results" class="results">
          {groups.map((g) => (
            <div role="group" aria-labelledby={`grp-${g.label}`} key={g.label}>
              <div class="group-label" id={`grp-${g.label}`} role="presentation">
                {g.label}
                {g.total > g.options.length && <span class="count"> ({g.total}; refine to see the rest)</span>}
              </div>
              {g.options.map((o) => {
                i++;
                const idx = i;
                return (
                  <a
                    key={optionId(o)}
                    id={optionId(o)}
                    role="option"
                    tabIndex={-1}
                    aria-selected={idx === active}
                    class={`option${idx === active ? ' active' : ''}`}
                    href={hrefOf[o.kind](o.id)}
                    onMouseMove={() => setActive(idx)}
                  >
                    <span class="name">{o.name}</span> <span class="detail">{o.detail}</span>
                  </a>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      {!term && (
        <nav class="starts" aria-label="Places to start">
          <a href="/health">Org health: how far customers are from someone who can act</a>
          <a href="/explorer">Network explorer: units, teams and people as a graph</a>
        </nav>
      )}
    </View>
  );
}
