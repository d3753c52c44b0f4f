import { formatDate, formatDateTime, formatMoney, getAll } from '../api';
import { Badge, ErrorNotice, Loading, Page, Table, useLoad } from '../ds';
import { formatDuration, holderInWords, type Quote } from '../quotes';
import { Link } from '../router';
import { quoteStatusInWords } from './tracking';

/** The customer's own quotes (the API scopes the list), each with its clock: who has it, when it is due. */
export function PortalQuotes() {
  const { data, error } = useLoad(() => getAll<Quote>('/v1/quotes'), 'portal-quotes');
  return (
    <Page title="Your quotes" actions={<Link to="/portal/quotes/new" className="btn btn-primary">Request a quote</Link>}>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <Table
          rows={data}
          rowKey={(q) => q.id}
          empty="You have asked for no quotes yet."
          columns={[
            { header: 'Quote', cell: (q) => <Link to={`/portal/quotes/${q.id}`}>{q.number}{q.version > 1 ? ` v${q.version}` : ''}</Link> },
            { header: 'Status', cell: (q) => quoteStatusInWords(q.status) },
            { header: 'With', cell: (q) => holderInWords(q.clock.holder) },
            { header: 'Answer due', cell: (q) => (q.clock.responded_at ? `Answered ${formatDateTime(q.clock.responded_at)}` : <>{formatDateTime(q.clock.response_due_at)} {q.clock.overdue ? <Badge tone="warn">late</Badge> : null}</>) },
            { header: 'Waiting', cell: (q) => formatDuration(q.clock.elapsed_seconds), align: 'right' },
            { header: 'Total', cell: (q) => (q.total ? formatMoney(q.total) : '—'), align: 'right' },
            { header: 'Valid until', cell: (q) => formatDate(q.valid_until) },
          ]}
        />
      ) : null}
    </Page>
  );
}
