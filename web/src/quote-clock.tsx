import { formatDateTime } from './api';
import { Badge } from './ds';
import { formatDuration, type QuoteClock } from './quotes';

/**
 * The quote clock: who holds the quote, when the answer is due, how long it has taken, and how long each
 * holder has had it (a bar per holder, as long as its share of the longest). `name` says a holder in words.
 */
export function QuoteClockFacts({ clock, name }: { clock: QuoteClock; name: (holder: string | null) => string }) {
  const longest = Math.max(1, ...clock.held.map((h) => h.seconds));
  return (
    <div data-testid="quote-clock">
      <dl className="facts">
        <dt>Held by</dt>
        <dd>
          <strong>{name(clock.holder)}</strong>
        </dd>
        <dt>Answer due</dt>
        <dd>
          {formatDateTime(clock.response_due_at)} {clock.overdue ? <Badge tone="bad">overdue</Badge> : null}
        </dd>
        <dt>{clock.responded_at ? 'Answered in' : 'Elapsed'}</dt>
        <dd>{formatDuration(clock.elapsed_seconds)}</dd>
      </dl>
      {clock.held.length > 0 ? (
        <div className="terms small held" aria-label="Time with each holder" role="group">
          {clock.held.map((h) => (
            <div key={h.holder} style={{ display: 'contents' }}>
              <span>{name(h.holder)}</span>
              <span className="num">{formatDuration(h.seconds)}</span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${(h.seconds / longest) * 100}%` }} />
              </span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
