import { useState } from 'react';
import { formatDate, get, getAll, type PriorityTerm } from '../api';
import { Badge, Button, ErrorNotice, Field, Loading, Page, Select, Table, useLoad } from '../ds';
import { loadNames } from '../lookups';
import { mayRequestExpedite, type Policy, type QueueItem } from '../records';
import { Link } from '../router';
import { useSession } from '../session';
import { StatusBadge } from '../status';
import { Expedites } from './Expedites';
import { OrderHolds } from './OrderHolds';
import { PolicyCard } from './QueuePolicy';
import { ReasonForm } from './ReasonForm';

const PAGE_SIZE = 20;
const TERMS = ['tier', 'value', 'margin', 'slack', 'age', 'expedite'];

async function loadQueue() {
  const [queue, policy, names] = await Promise.all([getAll<QueueItem>('/v1/priority/queue'), get<Policy>('/v1/priority/policy'), loadNames()]);
  return { queue, policy, names };
}

/** Each term's share of the score: one stacked bar (scaled to the top score), and the same in words for those who do not see it. */
function Explanation({ explanation, top }: { explanation: PriorityTerm[]; top: number }) {
  const total = Math.max(top, 0.0001); // every bar on one scale: the longest is the first order's
  const terms = explanation.filter((t) => t.contribution > 0);
  return (
    <div className="explain">
      <span className="bar stacked-terms" aria-hidden="true">
        {terms.map((t) => (
          <span key={t.term} className={`term-${t.term}`} style={{ width: `${(t.contribution / total) * 100}%` }} title={`${t.term} +${t.contribution.toFixed(2)}`} />
        ))}
      </span>
      <span className="small">
        {terms.map((t) => (
          <span key={t.term} className="term-word" title={t.input}>
            <i className={`swatch term-${t.term}`} aria-hidden="true" />
            {t.term} +{t.contribution.toFixed(2)}
          </span>
        ))}
      </span>
    </div>
  );
}

/**
 * The priority queue: open orders ranked by the policy, each score explained term by term; the policy and
 * its version; expedite requests and their decisions; an order's holds. The API ranks; filters are here.
 */
export function Queue() {
  const { me } = useSession();
  const role = me?.role ?? '';
  const [version, setVersion] = useState(0);
  const [customer, setCustomer] = useState('');
  const [query, setQuery] = useState('');
  const [only, setOnly] = useState('');
  const [pageNo, setPageNo] = useState(0);
  const [expediting, setExpediting] = useState<QueueItem | null>(null);
  const [holdsOf, setHoldsOf] = useState<QueueItem | null>(null);
  const data = useLoad(loadQueue, `queue|${version}`);
  const refresh = () => setVersion((v) => v + 1);

  const q = query.trim().toUpperCase();
  const rows = (data.data?.queue ?? []).filter((r) => (!customer || r.customer_id === customer) && (!q || r.number.toUpperCase().includes(q)) && (!only || (only === 'expedited' ? r.expedited : r.status === only)));
  const visible = rows.slice(pageNo * PAGE_SIZE, (pageNo + 1) * PAGE_SIZE);

  const names = data.data?.names;
  const customers = names ? [...names.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const numbers = new Map((data.data?.queue ?? []).map((r) => [r.order_id, r.number]));
  const filter = (set: (v: string) => void) => (v: string) => { set(v); setPageNo(0); };

  return (
    <Page title="Priority queue" wide>
      {data.error ? <ErrorNotice error={data.error} /> : null}
      {!data.data ? <Loading /> : null}
      {data.data ? (
        <>
          <div className="grid">
            <PolicyCard policy={data.data.policy} role={role} onSaved={refresh} />
            <Expedites role={role} me={me?.id ?? ''} numbers={numbers} version={version} onChange={refresh} />
          </div>
          <h2 id="h-queue">Ranked open orders</h2>
          <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
            <Field label="Order number" type="search" value={query} onChange={(e) => filter(setQuery)(e.target.value)} />
            <Select label="Customer" value={customer} onChange={(e) => filter(setCustomer)(e.target.value)}>
              <option value="">All customers</option>
              {customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </Select>
            <Select label="Only" value={only} onChange={(e) => filter(setOnly)(e.target.value)}>
              <option value="">Every queued order</option>
              <option value="expedited">Expedited</option>
              <option value="on_hold">On hold</option>
              <option value="received">Received</option>
              <option value="confirmed">Confirmed</option>
            </Select>
          </form>
          {expediting ? (
            <ReasonForm
              title={`Ask for ${expediting.number} to go first`}
              label="Why it must go first"
              submit="Request expedite"
              path={`/v1/orders/${encodeURIComponent(expediting.order_id)}/expedite-requests`}
              onDone={(done) => { setExpediting(null); if (done) refresh(); }}
            />
          ) : null}
          <Table
            caption={`${rows.length} of ${data.data.queue.length} queued orders, policy v${data.data.policy.version}`}
            rows={visible}
            rowKey={(r) => r.order_id}
            empty="No queued order matches."
            columns={[
              { header: '#', cell: (r) => r.position, align: 'right' },
              { header: 'Order', cell: (r) => <><Link to={`/orders/${r.order_id}`}>{r.number}</Link>{r.expedited ? <> <Badge tone="info">expedited</Badge></> : null}</> },
              { header: 'Customer', cell: (r) => names?.customers.get(r.customer_id)?.name ?? r.customer_id },
              { header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
              { header: 'Promised', cell: (r) => formatDate(r.promised_date) },
              { header: 'Score', cell: (r) => r.score.toFixed(2), align: 'right' },
              { header: 'Why', cell: (r) => <Explanation explanation={r.explanation} top={data.data?.queue[0]?.score ?? 1} /> },
              {
                header: 'Actions',
                cell: (r) => (
                  <div className="row-actions">
                    {mayRequestExpedite(role) && !r.expedited ? <Button variant="secondary" onClick={() => setExpediting(r)} aria-label={`Expedite ${r.number}`}>Expedite…</Button> : null}
                    <Button variant="quiet" onClick={() => setHoldsOf(holdsOf?.order_id === r.order_id ? null : r)} aria-label={`Holds of ${r.number}`} aria-expanded={holdsOf?.order_id === r.order_id}>Holds</Button>
                  </div>
                ),
              },
            ]}
          />
          <nav className="pager" aria-label="Pages">
            <Button variant="secondary" disabled={pageNo === 0} onClick={() => setPageNo(pageNo - 1)}>← Previous</Button>
            <span className="muted small">Page {pageNo + 1} of {Math.max(1, Math.ceil(rows.length / PAGE_SIZE))}</span>
            <Button variant="secondary" disabled={(pageNo + 1) * PAGE_SIZE >= rows.length} onClick={() => setPageNo(pageNo + 1)}>Next →</Button>
          </nav>
          {holdsOf ? <OrderHolds key={holdsOf.order_id} orderId={holdsOf.order_id} number={holdsOf.number} role={role} onChange={refresh} /> : null}
          <p className="small muted">Terms: {TERMS.map((t) => <span key={t} className="term-word"><i className={`swatch term-${t}`} aria-hidden="true" />{t}</span>)}</p>
        </>
      ) : null}
    </Page>
  );
}
