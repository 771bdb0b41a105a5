// Small shared pieces of the views: data loading, links to entities,
// numbers, the route drawn hop by hop, bar charts.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql } from '../lib/api';

export interface Named {
  id: string;
  name: string;
}

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'done'; data: T; ms: number };

/**
 * Runs fetch whenever deps change, aborting the one before, and says how
 * long it took (the view shows it, and the browser tests read it).
 */
export function useLoad<T>(fetch: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    const started = performance.now();
    setLoad({ state: 'loading' });
    fetch(ctl.signal).then(
      (data) => !ctl.signal.aborted && setLoad({ state: 'done', data, ms: performance.now() - started }),
      (error) => !ctl.signal.aborted && setLoad({ state: 'error', error }),
    );
    return () => ctl.abort();
  }, deps);
  return load;
}

export function useQuery<T>(query: string, variables: Record<string, unknown>): Load<T> {
  return useLoad((signal) => gql<T>(query, variables, signal), [query, JSON.stringify(variables)]);
}

/** The view's frame: its heading takes the focus when the view opens, so a screen reader announces it. */
export function View(props: { title: string; subtitle?: ComponentChildren; children: ComponentChildren; ready?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · orgnet`;
  }, [props.title]);
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest('nav')) {
      h1.current?.focus({ preventScroll: true });
    }
  }, [props.title]);
  return (
    <article class="view" data-ready={props.ready ? 'true' : undefined}>
      <header class="view-head">
        <h1 tabIndex={-1} ref={h1}>
          {props.title}
        </h1>
        {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
      </header>
      {props.children}
    </article>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

const failureTitles: Record<string, string> = {
  NOT_FOUND: 'Not found',
  UNAUTHENTICATED: 'Not signed in',
  FORBIDDEN: 'Not allowed',
  CONFLICT: 'The org has changed since',
  BAD_INPUT: 'Refused',
};

export function Failure({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : '';
  return (
    <div class="error" role="alert">
      <strong>{failureTitles[code] ?? 'Something went wrong'}</strong>
      <p>{error.message}</p>
    </div>
  );
}

/**
 * Renders a load: loading, error, or the view of its data. A page-level
 * load (page set) shows its error as a view of its own, titled by page
 * when the server says NOT_FOUND.
 */
export function Loaded<T>(props: { load: Load<T>; what: string; page?: string; children: (data: T, ms: number) => ComponentChildren }) {
  const l = props.load;
  if (l.state === 'loading') return <Loading what={props.what} />;
  if (l.state === 'error') {
    if (!props.page) return <Failure error={l.error} />;
    const notFound = l.error instanceof ApiError && l.error.code === 'NOT_FOUND';
    return (
      <View title={notFound ? props.page : 'Something went wrong'} ready>
        <Failure error={l.error} />
      </View>
    );
  }
  return <>{props.children(l.data, l.ms)}</>;
}

export const hrefOf = {
  person: (id: string) => `/people/${encodeURIComponent(id)}`,
  team: (id: string) => `/teams/${encodeURIComponent(id)}`,
  matter: (id: string) => `/matters/${encodeURIComponent(id)}`,
  touchpoint: (id: string) => `/touchpoints/${encodeURIComponent(id)}`,
};

export type Kind = keyof typeof hrefOf;

/** The changes that touched an entity (or a membership of it), newest first. */
export function HistoryLink({ id }: { id: string }) {
  return <a href={`/changes?entity=${encodeURIComponent(id)}`}>history</a>;
}

export function EntityLink({ kind, e }: { kind: Kind; e: Named }) {
  return <a href={hrefOf[kind](e.id)}>{e.name}</a>;
}

/** A holder or route node by its GraphQL type name. */
export function NodeLink({ node }: { node: Named & { __typename: string } }) {
  const kind = ({ Person: 'person', Team: 'team', Touchpoint: 'touchpoint' } as const)[node.__typename as 'Person'];
  return kind ? <EntityLink kind={kind} e={node} /> : <span>{node.name}</span>;
}

const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : fmt.format(n).replace(/,/g, ' ');
}

export function pct(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${Math.round(n * 100)} %`;
}

export function limit(l: number | null | undefined): string {
  return l === null || l === undefined ? 'no limit' : `${num(l)} SEK`;
}

/** A list of links to entities, each with an optional note, or a sentence when there are none. */
export function Links<T extends Named>(props: { kind: Kind; items: T[]; empty: ComponentChildren; note?: (item: T) => ComponentChildren; ordered?: boolean; cols?: boolean }) {
  if (props.items.length === 0) return <Empty>{props.empty}</Empty>;
  const items = props.items.map((x) => (
    <li key={x.id}>
      <EntityLink kind={props.kind} e={x} />
      {props.note && <> {props.note(x)}</>}
    </li>
  ));
  return props.ordered ? <ol class="line">{items}</ol> : <ul class={props.cols ? 'cols' : undefined}>{items}</ul>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Section(props: { title: string; id?: string; children: ComponentChildren; count?: number }) {
  const id = props.id ?? props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <section class="section" aria-labelledby={`${id}-h`} id={id}>
      <h2 id={`${id}-h`}>
        {props.title}
        {props.count !== undefined && <span class="count"> ({num(props.count)})</span>}
      </h2>
      {props.children}
    </section>
  );
}

export interface RouteNode extends Named {
  __typename: 'Touchpoint' | 'Team' | 'Person';
  title?: string | null;
}

/** A route drawn hop by hop: touchpoint first, the person who can act last. */
export function RouteView({ path, hops, label }: { path: RouteNode[]; hops: number; label: string }) {
  return (
    <ol class="route" aria-label={`${label}: ${hops} ${hops === 1 ? 'hop' : 'hops'}`}>
      {path.map((n, i) => (
        <li class={`hop hop-${n.__typename.toLowerCase()}`} key={`${n.__typename}-${n.id}-${i}`}>
          {i > 0 && (
            <span class="arrow" aria-hidden="true">
              →
            </span>
          )}
          <span class="node">
            <span class="kind">{i === path.length - 1 ? 'can act' : n.__typename.toLowerCase()}</span>
            <NodeLink node={n} />
            {n.title && <span class="title">{n.title}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

export interface Bar {
  label: string;
  value: number;
  href?: string;
  /** Shown instead of the value. */
  text?: string;
  tone?: 'good' | 'bad' | 'neutral';
}

/**
 * A horizontal bar chart as a list: each bar is a link to what explains it,
 * and a screen reader reads label and value.
 */
export function Bars(props: { bars: Bar[]; max?: number; label: string }) {
  const max = props.max ?? Math.max(1e-9, ...props.bars.map((b) => b.value));
  return (
    <ul class="bars" aria-label={props.label}>
      {props.bars.map((b) => {
        const inner = (
          <>
            <span class="bar-label">{b.label}</span>
            <span class="bar-track" aria-hidden="true">
              <span class={`bar-fill ${b.tone ?? 'neutral'}`} style={{ width: `${Math.max(0, Math.min(100, (b.value / max) * 100))}%` }} />
            </span>
            <span class="bar-value">{b.text ?? num(b.value)}</span>
          </>
        );
        return <li key={b.label}>{b.href ? <a class="bar" href={b.href}>{inner}</a> : <span class="bar">{inner}</span>}</li>;
      })}
    </ul>
  );
}

/** A number field bound to a query parameter (amount), applied on Enter or blur. */
export function AmountField(props: { value: string | null; onChange: (v: string | null) => void; label?: string }) {
  const [v, setV] = useState(props.value ?? '');
  useEffect(() => setV(props.value ?? ''), [props.value]);
  const apply = () => {
    const t = v.trim().replace(/\s/g, '');
    props.onChange(t === '' || isNaN(Number(t)) ? null : t);
  };
  return (
    <form
      class="amount"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        {props.label ?? 'Amount (SEK)'}{' '}
        <input inputMode="decimal" value={v} placeholder="any" onInput={(e) => setV((e.target as HTMLInputElement).value)} onBlur={apply} />
      </label>
      <button type="submit">Ask</button>
    </form>
  );
}
