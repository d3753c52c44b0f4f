import { useState } from 'react';
import { formatMoney } from '../api';
import { Badge, ErrorNotice, Field, Loading, Page, Pager, Select, Table, usePagedList } from '../ds';
import { mayEditCustomer, TIERS, type CustomerRecord } from '../records';
import { Link } from '../router';
import { useSession } from '../session';

/** Customers: search by name, filter by tier and status (all in the API), cursor paging. */
export function Customers() {
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [tier, setTier] = useState('');
  const [status, setStatus] = useState('');
  const { page, pager } = usePagedList<CustomerRecord>('/v1/customers', { q: q.trim(), tier, status });
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => set(e.target.value);

  return (
    <Page title="Customers" actions={mayEditCustomer(me?.role ?? '') ? <Link className="btn btn-primary" to="/customers/new">New customer</Link> : null}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search by name" type="search" value={q} onChange={filter(setQ)} />
        <Select label="Tier" value={tier} onChange={filter(setTier)}>
          <option value="">Any tier</option>
          {TIERS.map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
        <Select label="Status" value={status} onChange={filter(setStatus)}>
          <option value="">Any status</option>
          {['active', 'on_hold', 'archived'].map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
        </Select>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(c) => c.id}
            empty="No customers match."
            columns={[
              { header: 'Name', cell: (c) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
              { header: 'Tier', cell: (c) => c.tier },
              { header: 'Status', cell: (c) => <Badge tone={c.status === 'active' ? 'good' : 'warn'}>{c.status}</Badge> },
              { header: 'Currency', cell: (c) => c.currency },
              { header: 'Credit limit', cell: (c) => (c.credit_limit ? formatMoney(c.credit_limit) : '—'), align: 'right' },
              { header: 'Terms', cell: (c) => `${c.payment_terms_days} days` },
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}
