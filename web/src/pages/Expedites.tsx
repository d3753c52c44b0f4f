import { useState } from 'react';
import { formatDateTime, get, type Order, type Page as ListPage } from '../api';
import { Badge, Button, ErrorNotice, Loading, Select, useLoad, type Tone } from '../ds';
import { mayDecideExpedite, mayRequestExpedite, type Expedite } from '../records';
import { Link } from '../router';
import { ReasonForm } from './ReasonForm';

const TONES: Record<string, Tone> = { requested: 'warn', accepted: 'good', declined: 'bad', withdrawn: 'neutral' };

/**
 * Expedite requests, open ones first in view: operations accepts or declines each with a reason; the asker
 * may withdraw. An accepted one says how far the order moved and who moved back behind it.
 */
export function Expedites({ role, me, numbers, version, onChange }: { role: string; me: string; numbers: Map<string, string>; version: number; onChange: () => void }) {
  const [status, setStatus] = useState('');
  const [acting, setActing] = useState<{ id: string; verb: 'accept' | 'decline' | 'withdraw' } | null>(null);
  const list = useLoad(async () => {
    const page = await get<ListPage<Expedite>>(`/v1/expedite-requests?limit=50${status ? `&status=${status}` : ''}`);
    // Orders that left the queue since are named by their own record.
    const missing = [...new Set(page.data.map((x) => x.order_id).filter((id) => !numbers.has(id)))];
    const found = await Promise.all(missing.map((id) => get<Order>(`/v1/orders/${encodeURIComponent(id)}`).then((o) => [id, o.number] as const, () => [id, id] as const)));
    return { ...page, numbers: new Map(found) };
  }, `${status}|${version}`);
  const number = (id: string) => numbers.get(id) ?? list.data?.numbers.get(id) ?? id;
  const who = (actor: string) => (actor === me ? 'you' : actor);

  function actions(x: Expedite) {
    if (x.status !== 'requested') return null;
    const buttons = [];
    if (mayDecideExpedite(role)) {
      buttons.push(<Button key="a" onClick={() => setActing({ id: x.id, verb: 'accept' })} aria-label={`Accept expedite of ${number(x.order_id)}`}>Accept…</Button>);
      buttons.push(<Button key="d" variant="secondary" onClick={() => setActing({ id: x.id, verb: 'decline' })} aria-label={`Decline expedite of ${number(x.order_id)}`}>Decline…</Button>);
    }
    if (mayRequestExpedite(role)) buttons.push(<Button key="w" variant="quiet" onClick={() => setActing({ id: x.id, verb: 'withdraw' })} aria-label={`Withdraw expedite of ${number(x.order_id)}`}>Withdraw…</Button>);
    return buttons.length ? <div className="row-actions">{buttons}</div> : null;
  }

  return (
    <section className="card" aria-labelledby="h-expedites" data-testid="expedites">
      <div className="section-head">
        <h2 id="h-expedites">Expedite requests</h2>
        <Select label="Show" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All, newest first</option>
          <option value="requested">Open</option>
          <option value="accepted">Accepted</option>
          <option value="declined">Declined</option>
        </Select>
      </div>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {list.loading ? <Loading /> : null}
      {list.data?.data.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="ops-list expedites">
        {list.data?.data.map((x) => (
          <li key={x.id} data-testid={`expedite-${x.order_id}`}>
            <Link to={`/orders/${x.order_id}`}>{number(x.order_id)}</Link> <Badge tone={TONES[x.status] ?? 'neutral'}>{x.status}</Badge>{' '}
            <span className="small muted">
              asked by {who(x.requested_by)}, {formatDateTime(x.requested_at)}
            </span>
            <div className="small">“{x.reason}”</div>
            {x.decided_by ? (
              <div className="small">
                {x.status} by {who(x.decided_by)}
                {x.decided_at ? `, ${formatDateTime(x.decided_at)}` : ''}
                {x.decision_reason ? ` — “${x.decision_reason}”` : ''}
              </div>
            ) : null}
            {x.effect ? (
              <div className="small" data-testid="effect">
                Moved from #{x.effect.position.from} to #{x.effect.position.to}.{' '}
                {x.effect.moved_back.length ? (
                  <>Moved back: {x.effect.moved_back.map((m) => `${m.number} (#${m.from} → #${m.to})`).join(', ')}.</>
                ) : (
                  'Nobody moved back.'
                )}
              </div>
            ) : null}
            {acting?.id === x.id ? (
              <ReasonForm
                title={`${acting.verb[0]!.toUpperCase()}${acting.verb.slice(1)} the expedite of ${number(x.order_id)}`}
                submit={acting.verb[0]!.toUpperCase() + acting.verb.slice(1)}
                path={`/v1/expedite-requests/${encodeURIComponent(x.id)}/${acting.verb}`}
                onDone={(done) => {
                  setActing(null);
                  if (done) onChange();
                }}
              />
            ) : (
              actions(x)
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
