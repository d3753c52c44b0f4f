import { useState } from 'react';
import { formatDate, formatMoney } from '../api';
import { canBill, type Payment } from '../billing';
import { Badge, Button, ErrorNotice, Loading, Page, Pager, Select, Table, useLoad, usePagedList } from '../ds';
import { loadNames } from '../lookups';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { AllocateForm } from './AllocateForm';

/**
 * Money received, newest first, by customer: what each payment went to and what is left of it (the
 * customer's credit). Finance allocates what is left to an open invoice of the same customer.
 */
export function Payments() {
  const { me } = useSession();
  const { search } = useLocation();
  const [customer, setCustomer] = useState(search.get('customer_id') ?? '');
  const [version, setVersion] = useState(0);
  const [allocating, setAllocating] = useState<Payment | null>(null);
  const names = useLoad(loadNames, 'names');
  const { page, pager } = usePagedList<Payment>('/v1/payments', { customer_id: customer }, { version });
  const rows = page.data?.data ?? [];
  const customers = names.data ? [...names.data.customers.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const finance = canBill(me?.role ?? '');

  const allocatedTo = (p: Payment) =>
    p.allocations.length === 0 ? '—' : (
      <ul className="ops-list">
        {p.allocations.map((a) => (
          <li key={`${a.invoice_id}-${a.at}`}>
            <Link to={`/invoices/${a.invoice_id}`}>{a.invoice_number ?? 'invoice'}</Link> {formatMoney(a.amount)}
          </li>
        ))}
      </ul>
    );
  const left = (p: Payment) => (p.unallocated.amount > 0 ? <Badge tone="warn">{formatMoney(p.unallocated)} credit</Badge> : '—');
  const actions = (p: Payment) =>
    finance && p.unallocated.amount > 0 ? (
      <Button variant="secondary" aria-label={`Allocate ${p.reference ?? 'payment'} of ${formatDate(p.received_on)}`} onClick={() => setAllocating(p)}>
        Allocate…
      </Button>
    ) : '—';

  return (
    <Page title="Payments">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Customer" value={customer} onChange={(e) => { setCustomer(e.target.value); setAllocating(null); }}>
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </form>
      {allocating ? (
        <AllocateForm
          key={allocating.id}
          payment={allocating}
          customerName={names.data?.customers.get(allocating.customer_id)?.name ?? ''}
          onDone={(saved) => {
            setAllocating(null);
            if (saved) setVersion((v) => v + 1);
          }}
        />
      ) : null}
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={rows}
            rowKey={(p) => p.id}
            empty="No payments match."
            columns={[
              { header: 'Received', cell: (p) => formatDate(p.received_on) },
              { header: 'Customer', cell: (p) => names.data?.customers.get(p.customer_id)?.name ?? p.customer_id },
              { header: 'Amount', cell: (p) => formatMoney(p.amount), align: 'right' },
              { header: 'Method', cell: (p) => p.method.replace(/_/g, ' ') },
              { header: 'Reference', cell: (p) => p.reference ?? '—' },
              { header: 'Allocated to', cell: allocatedTo },
              { header: 'Unallocated', cell: left, align: 'right' },
              ...(finance ? [{ header: 'Next step', cell: actions }] : []),
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}
