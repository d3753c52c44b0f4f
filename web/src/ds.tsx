import { useEffect, useId, useState, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, get, type Page as ListPage } from './api';

/** The design system: a few components over the CSS variables of styles.css. */

export function Button({ variant = 'primary', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'quiet' }) {
  return <button type="button" className={`btn btn-${variant}`} {...rest} />;
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Field({ label, error, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} {...input} />
      {error ? (
        <p className="field-message" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Select({ label, error, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {error ? (
        <p className="field-message" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextArea({ label, error, hint, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} {...area} />
      {error ? (
        <p className="field-message" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export interface Column<T> {
  header: string;
  /** What the header cell shows instead of `header` (a select-all); `header` still keys the column and labels its cells on a phone. */
  head?: ReactNode;
  cell: (row: T) => ReactNode;
  align?: 'left' | 'right';
}

export function Table<T>({ columns, rows, rowKey, caption, empty = 'Nothing here.' }: { columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; caption?: string; empty?: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.align === 'right' ? 'num' : undefined}>
                {c.head ?? c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.header} data-label={c.header} className={c.align === 'right' ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function Page({ title, actions, wide = false, children }: { title: ReactNode; actions?: ReactNode; wide?: boolean; children: ReactNode }) {
  useEffect(() => {
    if (typeof title === 'string') document.title = `${title} · omc`;
  }, [title]);
  return (
    <main className={wide ? 'page page-wide' : 'page'} id="main">
      <div className="page-head">
        <h1>{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </main>
  );
}

export function Notice({ tone = 'info', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'bad' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}

/** An API error as a sentence: a 404 is "not found", whatever the API's wording. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404) return <Notice tone="bad">Not found: this does not exist, or it is not yours to see.</Notice>;
  if (error instanceof ApiError && error.status === 403) return <Notice tone="bad">Not allowed: {error.message}</Notice>;
  return <Notice tone="bad">{error instanceof Error ? error.message : String(error)}</Notice>;
}

/** Load once per key; `data` until then is undefined. */
export function useLoad<T>(load: () => Promise<T>, key: string): { data: T | undefined; error: unknown; loading: boolean } {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown }>({ key: '' });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, data }),
      (error: unknown) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, loading: !fresh };
}

/**
 * A cursor-paged API list: `filters` (empty ones left out) and the page's cursor. Changing a filter goes back to
 * the first page; a new `version` reads the same page again. Returns the load and the Pager's props.
 */
export function usePagedList<T>(path: string, filters: Record<string, string>, { pageSize = 25, version = 0 } = {}) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const filterKey = String(query);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const params = new URLSearchParams(query);
  params.set('limit', String(pageSize));
  const cursor = cursors.at(-1);
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<T>>(`${path}?${params}`), `${params}|${version}`);
  const pager = {
    cursors,
    onChange: (next: string[]) => setPaging({ key: filterKey, cursors: next }),
    nextCursor: page.data?.has_more ? page.data.next_cursor : null,
  };
  return { page, pager };
}

/** Cursor paging: the cursors of the pages before this one are the caller's; Next adds the page's next_cursor. */
export function Pager({ cursors, onChange, nextCursor }: { cursors: string[]; onChange: (cursors: string[]) => void; nextCursor: string | null }) {
  return (
    <nav className="pager" aria-label="Pages">
      <Button variant="secondary" disabled={cursors.length === 0} onClick={() => onChange(cursors.slice(0, -1))}>
        ← Previous
      </Button>
      <span className="muted small">Page {cursors.length + 1}</span>
      <Button variant="secondary" disabled={!nextCursor} onClick={() => nextCursor && onChange([...cursors, nextCursor])}>
        Next →
      </Button>
    </nav>
  );
}

/** An API error's message for the form as a whole, unless every field it names has its message at that field. */
export function unplacedError(error: unknown, placed: (field: string) => boolean): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    const fields = Object.keys(error.fields);
    if (fields.length > 0 && fields.every(placed)) return null;
  }
  return error instanceof Error ? error.message : String(error);
}
