/**
 * bench/fulfillment's invariants, checked on each database after the three drivers ran. Each is a query that
 * counts what breaks it, so a failure names how much broke.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Backend } from '../src/db/database';
import type { DB } from '../src/db/schema';
import { stockRowsOffLedger } from '../test/invariants';
import { deliveryConsistency } from './fulfillment-delivery';

export interface InvariantRow {
  backend: string;
  invariant: string;
  found: string;
  result: 'pass' | 'FAIL';
}

async function count(db: Kysely<DB>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select (${query})::int as n`.execute(db);
  return rows[0]!.n;
}

export async function checkInvariants(backend: Backend, db: Kysely<DB>, done: { shippedAndInvoiced: number; delivered: number }): Promise<InvariantRow[]> {
  const rows: InvariantRow[] = [];
  const check = (invariant: string, found: string, ok: boolean) => rows.push({ backend, invariant, found, result: ok ? 'pass' : 'FAIL' });

  const offLedger = await stockRowsOffLedger(db);
  check('stock conserved (test/invariants stockRowsOffLedger)', `${offLedger.length} rows off`, offLedger.length === 0);

  // Every order entered was closed out: nothing left reserved, each order on exactly one issued invoice.
  const leftReserved = await count(db, sql`select count(*) from reservations where status = 'active'`);
  const invoiced = await count(db, sql`select count(distinct l.order_id) from invoice_lines l join invoices i on i.id = l.invoice_id where i.status = 'issued'`);
  const invoices = await count(db, sql`select count(*) from invoices where status = 'issued'`);
  const orders = await count(db, sql`select count(*) from orders`);
  check(
    'every order shipped in full and invoiced once',
    `${leftReserved} reservations left; ${invoiced} orders on ${invoices} invoices vs ${done.shippedAndInvoiced} done of ${orders}`,
    leftReserved === 0 && invoiced === orders && invoices === orders && done.shippedAndInvoiced === orders,
  );

  const notOnce = await count(
    db,
    sql`select count(*) from shipment_lines sl join shipments s on s.id = sl.shipment_id
        where s.status in ('shipped', 'delivered')
          and (select count(*) from invoice_lines l join invoices i on i.id = l.invoice_id
               where l.shipment_line_id = sl.id and l.quantity = sl.quantity and i.status <> 'discarded') <> 1`,
  );
  const unshippedBilled = await count(
    db,
    sql`select count(*) from invoice_lines l join shipments s on s.id = l.shipment_id where s.status not in ('shipped', 'delivered')`,
  );
  const shippedLines = await count(db, sql`select count(*) from shipment_lines sl join shipments s on s.id = sl.shipment_id where s.status = 'shipped'`);
  check(
    'every shipped shipment line invoiced exactly once',
    `${notOnce} of ${shippedLines} lines not once, ${unshippedBilled} lines of unshipped shipments billed`,
    notOnce === 0 && unshippedBilled === 0 && shippedLines > 0,
  );

  // Numbers are SERIES-YEAR-NNNNNN: per series and year, n numbers must be exactly 1..n, and the counter at n.
  const { rows: series } = await sql<{ series: string; year: number; n: number; distinct_n: number; low: number; high: number; counter: number | null }>`
    select n.series, n.year, count(*)::int as n, count(distinct n.number)::int as distinct_n, min(n.seq) as low, max(n.seq) as high, min(c.last_number) as counter
    from (select number, split_part(number, '-', 1) as series, split_part(number, '-', 2)::int as year, split_part(number, '-', 3)::int as seq
          from invoices where number is not null) n
    left join document_number_counters c on c.series = n.series and c.year = n.year
    group by 1, 2 order by 1, 2`.execute(db);
  for (const s of series) {
    check(
      `invoice numbers ${s.series}-${s.year} gapless, no duplicates`,
      `${s.n} numbers (${s.distinct_n} distinct) from ${s.low} to ${s.high}, counter ${s.counter}`,
      s.n === s.distinct_n && s.low === 1 && s.high === s.n && s.counter === s.n,
    );
  }
  if (series.length === 0) check('invoice numbers gapless, no duplicates', 'no issued invoice', false);

  // Recomputed here, independently of omc's arithmetic: net = its lines; VAT rounded half up once per
  // (category, rate) on the group's net (every amount here is non-negative); gross = net + VAT.
  const totalsOff = await count(
    db,
    sql`select count(*) from invoices i
        join (select invoice_id, sum(net)::bigint as net, sum((net * rate_bp + 5000) / 10000)::bigint as tax
              from (select invoice_id, tax_rate_bp as rate_bp, sum(net_amount)::bigint as net from invoice_lines group by invoice_id, tax_category, tax_rate_bp) g
              group by invoice_id) t on t.invoice_id = i.id
        where i.net_amount <> t.net or i.tax_amount <> t.tax or i.gross_amount <> t.net + t.tax`,
  );
  const categories = await count(db, sql`select count(distinct tax_category) from invoice_lines`);
  check('invoice totals = sum of lines (net + VAT per category)', `${totalsOff} of ${invoices} invoices off; ${categories} VAT categories billed`, totalsOff === 0);

  const delivery = await deliveryConsistency(db, done.delivered);
  check('(c) Delivery consistent (every order once, balances = lines)', delivery.found, delivery.ok);
  return rows;
}
