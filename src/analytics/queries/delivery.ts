import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { percentile, rate } from '../policies/stats';
import type { Period } from '../schemas';

interface DueOrder {
  id: string;
  promised: string;
  entered: string;
  ordered: number;
  shipped: number;
  arrived_on_time: number;
  late_shipments: number;
  last_arrival: string | null;
  disputed: boolean;
  credited: boolean;
}

/**
 * Delivery against the promise, for the orders (not cancelled) whose promise made at entry falls in the
 * period, up to today. A shipment arrives on its confirmed delivery date, or else when it was expected to
 * (shipped + the warehouse's transit days). On time: every shipment so far arrived by the promise; in full:
 * every unit has shipped; OTIF: every unit arrived by the promise; perfect: OTIF and its bill was never
 * disputed or credited. Re-promises do not move the bar: the customer was told the first date.
 */
export async function delivery(db: Kysely<DB>, period: Period, today: string) {
  const last = period.to < today ? period.to : today;
  const { rows } = await sql<DueOrder>`
    with promised as (
      select o.id, o.created_at,
        coalesce((select (e.data->>'promised_date')::date from events e
                  where e.order_id = o.id and e.type = 'order.received' order by e.seq limit 1), o.promised_date::date) as promised
      from orders o where o.status <> 'cancelled'),
    due as (select * from promised where promised between ${period.from}::date and ${last}::date),
    arrivals as (
      select s.order_id, coalesce(s.delivered_on::date, (s.shipped_at at time zone 'UTC')::date + w.transit_days) as arrival,
        (select sum(sl.quantity) from shipment_lines sl where sl.shipment_id = s.id) as units
      from shipments s join warehouses w on w.id = s.warehouse_id
      where s.order_id in (select id from due) and s.status in ('shipped', 'delivered'))
    select due.id, due.promised::text as promised, (due.created_at at time zone 'UTC')::date::text as entered,
      (select coalesce(sum(l.quantity), 0) from order_lines l where l.order_id = due.id and l.status = 'open')::int as ordered,
      coalesce(sum(a.units), 0)::int as shipped,
      coalesce(sum(a.units) filter (where a.arrival <= due.promised), 0)::int as arrived_on_time,
      (count(a.order_id) filter (where a.arrival > due.promised))::int as late_shipments,
      max(a.arrival)::text as last_arrival,
      exists (select 1 from disputes d where d.order_id = due.id) as disputed,
      exists (select 1 from credit_note_lines cl join invoice_lines il on il.id = cl.invoice_line_id where il.order_id = due.id) as credited
    from due left join arrivals a on a.order_id = due.id
    group by due.id, due.promised, due.created_at`.execute(db);

  const judged = rows.map((o) => {
    const otif = o.ordered > 0 && o.arrived_on_time >= o.ordered;
    return {
      ...o,
      onTime: o.shipped > 0 && o.late_shipments === 0,
      inFull: o.shipped >= o.ordered,
      otif,
      perfect: otif && !o.disputed && !o.credited,
    };
  });
  const figures = (list: typeof judged) => ({
    due_orders: list.length,
    on_time_percent: rate(list.filter((o) => o.onTime).length, list.length),
    in_full_percent: rate(list.filter((o) => o.inFull).length, list.length),
    otif_percent: rate(list.filter((o) => o.otif).length, list.length),
    perfect_order_percent: rate(list.filter((o) => o.perfect).length, list.length),
  });
  const leadDays = judged.filter((o) => o.inFull && o.last_arrival).map((o) => daysBetween(o.entered, o.last_arrival!));
  const weeks = [...new Set(judged.map((o) => weekOf(o.promised)))].sort();
  return {
    period: period.view,
    ...figures(judged),
    lead_time_days: { median: oneDecimal(percentile(leadDays, 50)), p90: oneDecimal(percentile(leadDays, 90)) },
    weeks: weeks.map((week) => ({ week, ...figures(judged.filter((o) => weekOf(o.promised) === week)) })),
  };
}

const DAY = 86_400_000;
const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

/** The Monday of a date's ISO week. */
export function weekOf(date: string): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}
