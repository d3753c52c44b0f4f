import { useState } from 'react';
import { api, formatDateTime, get, type Page as ListPage } from '../api';
import { Badge, Button, ErrorNotice, Loading, Page, Pager, Select, Table, useLoad, type Tone } from '../ds';
import { mayWorkOperations, type WorkOrder, type WorkOrderOperation } from '../fulfillment';
import { Link } from '../router';
import { useSession } from '../session';

const PAGE_SIZE = 25;
const DEPARTMENTS = ['operations', 'warehouse', 'service'];
const STATUSES = ['released', 'in_progress', 'done', 'cancelled'];
const TONES: Record<string, Tone> = { released: 'info', in_progress: 'warn', done: 'good', cancelled: 'neutral', pending: 'neutral' };

/** Only the operation's own department, or operations who run the shop, may work it (src/fulfillment/commands/lock-work-order.ts). */
const mayWork = (role: string, op: WorkOrderOperation) => mayWorkOperations(role) && (role === op.department || role === 'operations' || role === 'admin');

/** The operation to work now: the one started, else the first still pending. */
const nextOperation = (w: WorkOrder) => w.operations.find((o) => o.status === 'in_progress') ?? w.operations.find((o) => o.status === 'pending');

/** A department's shop-floor list: work orders with their operations in sequence, and the next one's start / complete. */
export function WorkOrders() {
  const { me } = useSession();
  const role = me?.role ?? '';
  const [department, setDepartment] = useState(DEPARTMENTS.includes(role) ? role : '');
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (department) params.set('department', department);
  if (status) params.set('status', status);
  const cursor = cursors[cursors.length - 1];
  if (cursor) params.set('starting_after', cursor);
  const page = useLoad(() => get<ListPage<WorkOrder>>(`/v1/work-orders?${params}`), `${params}|${version}`);

  async function work(w: WorkOrder, op: WorkOrderOperation, action: 'start' | 'complete') {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/work-orders/${encodeURIComponent(w.id)}/operations/${op.sequence}/${action}`, {});
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function next(w: WorkOrder) {
    const op = nextOperation(w);
    if (!op || !['released', 'in_progress'].includes(w.status) || !mayWork(role, op)) return '—';
    return (
      <div className="row-actions">
        {op.status === 'pending' ? (
          <Button variant="secondary" disabled={busy} onClick={() => work(w, op, 'start')} aria-label={`Start ${w.number} step ${op.sequence}`}>
            Start {op.sequence}
          </Button>
        ) : null}
        <Button disabled={busy} onClick={() => work(w, op, 'complete')} aria-label={`Complete ${w.number} step ${op.sequence}`}>
          Complete {op.sequence}
        </Button>
      </div>
    );
  }

  return (
    <Page title="Work orders">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Department" value={department} onChange={(e) => { setDepartment(e.target.value); setCursors([]); }}>
          <option value="">All departments</option>
          {DEPARTMENTS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
        <Select label="Status" value={status} onChange={(e) => { setStatus(e.target.value); setCursors([]); }}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
            </option>
          ))}
        </Select>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(w) => w.id}
            empty="No work orders here."
            columns={[
              { header: 'Work order', cell: (w) => w.number },
              { header: 'Order', cell: (w) => <Link to={`/orders/${w.order_id}`}>{w.order_number}</Link> },
              { header: 'Make', cell: (w) => `${w.quantity} × ${w.sku}` },
              { header: 'Status', cell: (w) => <Badge tone={TONES[w.status] ?? 'neutral'}>{w.status.replace(/_/g, ' ')}</Badge> },
              {
                header: 'Operations',
                cell: (w) => (
                  <ol className="small ops-list">
                    {w.operations.map((o) => (
                      <li key={o.id}>
                        {o.work_center_code} · {o.description} ({o.planned_minutes} min, {o.department}) <Badge tone={TONES[o.status] ?? 'neutral'}>{o.status.replace(/_/g, ' ')}</Badge>
                        {o.scheduled_start && o.status === 'pending' ? <span className="muted"> · planned {formatDateTime(o.scheduled_start)}</span> : null}
                      </li>
                    ))}
                  </ol>
                ),
              },
              { header: 'Materials short', cell: (w) => w.materials.filter((m) => m.short > 0).map((m) => `${m.short} × ${m.sku}`).join(', ') || '—' },
              { header: 'Next', cell: next },
            ]}
          />
          <Pager cursors={cursors} onChange={setCursors} nextCursor={page.data.has_more ? page.data.next_cursor : null} />
        </>
      ) : null}
    </Page>
  );
}
