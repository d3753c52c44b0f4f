import { useEffect, useRef, useState } from 'react';
import { api, ApiError, formatDateTime, get } from '../api';
import { Badge, Button, ErrorNotice, Loading, Notice, Select, TextArea, unplacedError, useLoad } from '../ds';
import { HOLD_TYPES, holdTypesFor, type Hold } from '../records';
import { ReasonForm } from './ReasonForm';

/** An order's holds, active and released; the types the role may place, and release of the ones it may release. */
export function OrderHolds({ orderId, number, role, onChange, focus = true }: { orderId: string; number: string; role: string; onChange: () => void; focus?: boolean }) {
  const [version, setVersion] = useState(0);
  const [releasing, setReleasing] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const holds = useLoad(() => get<{ data: Hold[] }>(`/v1/orders/${encodeURIComponent(orderId)}/holds`), `${orderId}|${version}`);
  const types = holdTypesFor(role);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus(); // opened from a row above: take the reader to it
  }, [focus]);
  const changed = () => {
    setVersion((v) => v + 1);
    onChange();
  };

  return (
    <section className="card spaced" aria-labelledby="h-holds" data-testid="holds">
      <div className="section-head">
        <h2 id="h-holds" ref={heading} tabIndex={-1}>Holds on {number}</h2>
        {types.length && !placing ? (
          <Button variant="secondary" onClick={() => setPlacing(true)}>
            Place a hold…
          </Button>
        ) : null}
      </div>
      {holds.error ? <ErrorNotice error={holds.error} /> : null}
      {holds.loading ? <Loading /> : null}
      {holds.data?.data.length === 0 ? <p className="muted">No holds.</p> : null}
      <ul className="ops-list">
        {holds.data?.data.map((h) => (
          <li key={h.id}>
            <Badge tone={h.active ? 'warn' : 'neutral'}>{h.active ? 'active' : 'released'}</Badge> <strong>{h.type.replace(/_/g, ' ')}</strong> — “{h.reason}”{' '}
            <span className="small muted">
              by {h.placed_by}, {formatDateTime(h.placed_at)}; blocks {h.blocks.map((b) => b.replace(/_/g, ' ')).join(', ')}
            </span>
            {h.released_by ? (
              <div className="small">
                Released by {h.released_by}
                {h.released_at ? `, ${formatDateTime(h.released_at)}` : ''} — “{h.release_reason}”
              </div>
            ) : null}
            {releasing === h.id ? (
              <ReasonForm title={`Release the ${h.type.replace(/_/g, ' ')} hold`} submit="Release" path={`/v1/holds/${encodeURIComponent(h.id)}/release`} onDone={(done) => { setReleasing(null); if (done) changed(); }} />
            ) : h.active && (role === 'admin' || HOLD_TYPES[h.type]?.includes(role)) ? (
              <Button variant="quiet" onClick={() => setReleasing(h.id)} aria-label={`Release ${h.type.replace(/_/g, ' ')} hold`}>
                Release…
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {placing ? <PlaceHold orderId={orderId} types={types} onDone={(done) => { setPlacing(false); if (done) changed(); }} /> : null}
    </section>
  );
}

function PlaceHold({ orderId, types, onDone }: { orderId: string; types: string[]; onDone: (done: boolean) => void }) {
  const [type, setType] = useState(types[0]!);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  async function place() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/orders/${encodeURIComponent(orderId)}/holds`, { type, reason });
      onDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const general = unplacedError(error, (f) => f === 'type' || f === 'reason');
  return (
    <form className="action-form step-form" aria-label="Place a hold" onSubmit={(e) => { e.preventDefault(); void place(); }}>
      <Select label="Type" value={type} error={fields.type} onChange={(e) => setType(e.target.value)}>
        {types.map((t) => (
          <option key={t} value={t}>
            {t.replace(/_/g, ' ')}
          </option>
        ))}
      </Select>
      <TextArea label="Reason" value={reason} error={fields.reason} onChange={(e) => setReason(e.target.value)} />
      {general ? <Notice tone="bad">{general}</Notice> : null}
      <div className="row-actions">
        <Button type="submit" disabled={busy}>
          Place hold
        </Button>
        <Button variant="quiet" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
