import { formatDateTime, get } from '../api';
import { DISPUTE_REASONS, UNRESOLVED, type Dispute } from '../billing';
import { DisputeStatusBadge } from '../billing-ui';
import { ErrorNotice, Loading, Page, useLoad } from '../ds';
import { Link } from '../router';

/** The customer's dispute: what they said, where it stands, and finance's answer with its credit note. */
export function PortalDispute({ id }: { id: string }) {
  const { data: d, error } = useLoad(() => get<Dispute>(`/v1/disputes/${encodeURIComponent(id)}`), id);
  const back = d ? <Link to={`/portal/invoices/${d.invoice_id}`}>← Invoice {d.invoice_number}</Link> : <Link to="/portal/invoices">← Your invoices</Link>;
  if (error) return <Page title="Dispute" actions={back}><ErrorNotice error={error} /></Page>;
  if (!d) return <Page title="Dispute" actions={back}><Loading /></Page>;
  return (
    <Page title={`Your dispute on ${d.invoice_number}`} actions={back}>
      <div className="grid">
        <section className="card">
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <DisputeStatusBadge status={d.status} />
            </dd>
            <dt>Line</dt>
            <dd>
              {d.line.line_no}: {d.line.quantity} × {d.line.description}
            </dd>
            <dt>Reason</dt>
            <dd>{DISPUTE_REASONS[d.reason] ?? d.reason}</dd>
            <dt>Sent</dt>
            <dd>{formatDateTime(d.created_at)}</dd>
            {UNRESOLVED.includes(d.status) ? (
              <>
                <dt>Answer by</dt>
                <dd>{formatDateTime(d.respond_by)}</dd>
              </>
            ) : null}
          </dl>
          <blockquote className="said">{d.message}</blockquote>
        </section>
        <section className="card" aria-labelledby="h-answer" data-testid="dispute-answer">
          <h2 id="h-answer">Our answer</h2>
          {d.answer ? <p>{d.answer}</p> : <p className="muted">{d.status === 'withdrawn' ? 'You withdrew this dispute.' : 'Not answered yet: our finance team is looking at it.'}</p>}
          {d.credit_note_id ? (
            <p>
              Credit note{' '}
              <a href={`/v1/credit-notes/${encodeURIComponent(d.credit_note_id)}/pdf`} target="_blank" rel="noopener">
                {d.credit_note_number}
              </a>
            </p>
          ) : null}
          {d.resolved_at ? <p className="muted small">Answered {formatDateTime(d.resolved_at)}</p> : null}
        </section>
      </div>
    </Page>
  );
}
