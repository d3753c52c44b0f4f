import { useState } from 'react';
import { formatDateTime, get, type Page as ListPage } from '../api';
import { Badge, ErrorNotice, Loading, Page, Pager, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';

interface OverdueHandoff {
  id: string;
  subject: { type: string; id: string };
  order_id: string | null;
  customer_id: string | null;
  stage: string;
  department: string;
  status: string;
  owner: string | null;
  note: string | null;
  due_at: string;
}

const PAGE_SIZE = 50;
const DEPARTMENTS = ['sales', 'marketing', 'pricing', 'csr', 'operations', 'warehouse', 'finance', 'service', 'executive'];
const SUBJECT_PAGES: Record<string, string> = { order: '/orders', quote: '/quotes', invoice: '/invoices', dispute: '/disputes' };

/** How long past due by this browser's clock, in the largest whole unit (the server said it is overdue). */
function lateBy(dueAt: string): string {
  const hours = Math.floor((Date.now() - Date.parse(dueAt)) / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : hours >= 1 ? `${hours} h` : 'overdue';
}

/** Dropped balls: every handoff past its due time, whoever holds it (GET /v1/handoffs?overdue=true). */
export function DroppedBalls() {
  const [department, setDepartment] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const names = useLoad(loadNames, 'names');
  const params = new URLSearchParams({ overdue: 'true', limit: String(PAGE_SIZE) });
  if (department) params.set('department', department);
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<OverdueHandoff>>(`/v1/handoffs?${params}`), String(params));

  const subject = (h: OverdueHandoff) => {
    const base = SUBJECT_PAGES[h.subject.type];
    const words = `${h.subject.type.replace(/_/g, ' ')}${h.note ? ` · ${h.note}` : ''}`;
    if (base) return <Link to={`${base}/${h.subject.id}`}>{words}</Link>;
    return h.order_id ? <Link to={`/orders/${h.order_id}`}>{words}</Link> : words;
  };

  return (
    <Page title="Dropped balls">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Department" value={department} onChange={(e) => { setDepartment(e.target.value); setCursors([]); }}>
          <option value="">All departments</option>
          {DEPARTMENTS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(h) => h.id}
            empty="No dropped balls: every handoff is within its time."
            columns={[
              { header: 'What', cell: subject },
              { header: 'Customer', cell: (h) => (h.customer_id ? names.data?.customers.get(h.customer_id)?.name ?? h.customer_id : '—') },
              { header: 'Stage', cell: (h) => h.stage },
              { header: 'Department', cell: (h) => h.department },
              { header: 'Held by', cell: (h) => h.owner ?? <Badge tone="warn">nobody</Badge> },
              { header: 'Was due', cell: (h) => formatDateTime(h.due_at) },
              { header: 'Late by', cell: (h) => <Badge tone="bad">{lateBy(h.due_at)}</Badge> },
            ]}
          />
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}
