import { useState } from 'react';
import { formatDateTime } from '../api';
import { DISPUTE_REASONS, DISPUTE_STATUSES, type Dispute } from '../billing';
import { DisputeStatusBadge } from '../billing-ui';
import { Badge, ErrorNotice, Loading, Page, Pager, Select, Table, useLoad, usePagedList } from '../ds';
import { loadNames } from '../lookups';
import { Link } from '../router';

/** Disputed invoice lines, by status (finance works the open ones; CSRs, sales and executives follow them). */
export function Disputes() {
  const [status, setStatus] = useState('');
  const names = useLoad(loadNames, 'names');
  const { page, pager } = usePagedList<Dispute>('/v1/disputes', { status });
  const now = new Date().toISOString();

  return (
    <Page title="Disputes">
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {DISPUTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, ' ')}
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
            rowKey={(d) => d.id}
            empty="No disputes match."
            columns={[
              { header: 'Invoice line', cell: (d) => <Link to={`/disputes/${d.id}`}>{d.invoice_number} · line {d.line.line_no}</Link> },
              { header: 'Customer', cell: (d) => names.data?.customers.get(d.customer_id)?.name ?? d.customer_id },
              { header: 'Reason', cell: (d) => DISPUTE_REASONS[d.reason] ?? d.reason },
              { header: 'Status', cell: (d) => <DisputeStatusBadge status={d.status} /> },
              {
                header: 'Answer due',
                cell: (d) => (
                  <>
                    {formatDateTime(d.respond_by)}
                    {['open', 'in_review'].includes(d.status) && d.respond_by < now ? (
                      <>
                        {' '}
                        <Badge tone="bad">late</Badge>
                      </>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}
