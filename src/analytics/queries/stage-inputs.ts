import { sql, type Kysely, type RawBuilder } from 'kysely';
import { stage } from '../../cycle/stages';
import type { DB } from '../../db/schema';
import { stageTimes, type StageEvent, type StageHandoff, type StageTime } from '../policies/stage-times';

/** Confirming (or releasing) an order puts it in the priority queue: from then it is in selection & prioritization. */
const QUEUED = sql`('order.confirmed', 'order.released')`;
const PRIORITIZATION = stage('prioritization').number;

export interface OrderStageTimes {
  order_id: string;
  number: string;
  customer_id: string;
  status: string;
  promised_date: string | null;
  entered_at: Date;
  /** Still under way at `now`: its clock runs (not cancelled; a handoff open, still queued, or units unshipped). */
  under_way: boolean;
  stages: StageTime[];
}

/**
 * The stage times of the orders a condition on `orders o` selects: their own events and handoffs and those of
 * every version of the quote they came from (the quote's time is the order's time in pricing).
 */
export async function orderStageTimes(db: Kysely<DB>, where: RawBuilder<boolean>, now: Date): Promise<OrderStageTimes[]> {
  const orders = sql`select o.id, o.number, o.customer_id, o.quote_id, o.status, o.promised_date, o.created_at from orders o where ${where}`;
  const [rows, events, handoffs] = await Promise.all([
    sql<{ id: string; number: string; customer_id: string; status: string; promised_date: string | null; created_at: Date; unshipped: number; open_handoffs: number }>`
      with ord as (${orders})
      select ord.id, ord.number, ord.customer_id, ord.status, ord.promised_date::text as promised_date, ord.created_at,
        coalesce((select sum(l.quantity) from order_lines l where l.order_id = ord.id and l.status = 'open'), 0)
          - coalesce((select sum(sl.quantity) from shipment_lines sl join shipments s on s.id = sl.shipment_id
                      where s.order_id = ord.id and s.status in ('shipped', 'delivered')), 0) as unshipped,
        (select count(*) from handoffs h where h.order_id = ord.id and h.status <> 'completed') as open_handoffs
      from ord`.execute(db),
    sql<StageEvent & { order_id: string }>`
      with ord as (${orders})
      select e.order_id, e.at, case when e.type in ${QUEUED} then ${PRIORITIZATION} else e.stage end as stage
      from events e where e.order_id in (select id from ord) and e.stage is not null
      union all
      select ord.id, e.at, e.stage from ord join quotes q on q.id = ord.quote_id join quotes v on v.number = q.number
        join events e on e.subject_id = v.id
      where e.stage is not null and e.order_id is distinct from ord.id`.execute(db),
    sql<StageHandoff & { order_id: string }>`
      with ord as (${orders})
      select h.order_id, h.stage, h.department, h.created_at, h.taken_at, h.completed_at, h.due_at from handoffs h where h.order_id in (select id from ord)
      union all
      select ord.id, h.stage, h.department, h.created_at, h.taken_at, h.completed_at, h.due_at
      from ord join quotes q on q.id = ord.quote_id join quotes v on v.number = q.number join handoffs h on h.subject_id = v.id
      where h.order_id is distinct from ord.id`.execute(db),
  ]);
  const byOrder = <T extends { order_id: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) {
      const forOrder = map.get(item.order_id);
      if (forOrder) forOrder.push(item);
      else map.set(item.order_id, [item]);
    }
    return map;
  };
  const eventsOf = byOrder(events.rows);
  const handoffsOf = byOrder(handoffs.rows);
  return rows.rows.map((o) => {
    const own = eventsOf.get(o.id) ?? [];
    const underWay = o.status !== 'cancelled' && (Number(o.open_handoffs) > 0 || Number(o.unshipped) > 0);
    const lastAt = own.reduce((latest, e) => (e.at > latest ? e.at : latest), o.created_at);
    return {
      order_id: o.id,
      number: o.number,
      customer_id: o.customer_id,
      status: o.status,
      promised_date: o.promised_date,
      entered_at: o.created_at,
      under_way: underWay,
      stages: stageTimes(own, handoffsOf.get(o.id) ?? [], underWay ? now : lastAt, underWay),
    };
  });
}
