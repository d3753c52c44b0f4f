/**
 * bench/fulfillment's baseline (c): TPC-C's Delivery transaction (clause 2.7) in raw SQL, on tables of its own
 * in a `tpcc` schema of the same database, loaded with the same orders omc ships. Minimal columns: only what
 * Delivery reads or writes.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema';
import type { RawConnection, WithConnection } from './common';

/** One order as TPC-C keeps it: its district (warehouse, district), its customer, and its lines' amounts. */
export interface DeliveryOrder {
  warehouse: number;
  district: number;
  customer: number;
  /** Minor units, quantity × unit price of each line. */
  lineAmounts: number[];
  lineQuantities: number[];
  lineItems: number[];
}

/** What one Delivery is asked to do: deliver the oldest undelivered order of this district. */
export interface District {
  warehouse: number;
  district: number;
}

export async function createDeliveryTables(db: Kysely<DB>): Promise<void> {
  for (const statement of [
    'create schema tpcc',
    `create table tpcc.customer (c_w_id int not null, c_d_id int not null, c_id int not null, c_balance bigint not null default 0,
       c_delivery_cnt int not null default 0, primary key (c_w_id, c_d_id, c_id))`,
    `create table tpcc.orders (o_w_id int not null, o_d_id int not null, o_id int not null, o_c_id int not null, o_carrier_id int,
       o_ol_cnt int not null, o_entry_d timestamptz not null, primary key (o_w_id, o_d_id, o_id))`,
    'create table tpcc.new_order (no_w_id int not null, no_d_id int not null, no_o_id int not null, primary key (no_w_id, no_d_id, no_o_id))',
    `create table tpcc.order_line (ol_w_id int not null, ol_d_id int not null, ol_o_id int not null, ol_number int not null, ol_i_id int not null,
       ol_quantity int not null, ol_amount bigint not null, ol_delivery_d timestamptz, primary key (ol_w_id, ol_d_id, ol_o_id, ol_number))`,
  ]) {
    await db.executeQuery(CompiledQuery.raw(statement));
  }
}

/** Load the orders (numbered per district in the given order) as undelivered; returns one District per order. */
export async function loadDeliveryOrders(db: Kysely<DB>, orders: DeliveryOrder[], now: Date): Promise<District[]> {
  const customers = new Map<string, [number, number, number]>();
  const nextId = new Map<string, number>();
  const numbered = orders.map((o) => {
    const key = `${o.warehouse}/${o.district}`;
    const id = (nextId.get(key) ?? 0) + 1;
    nextId.set(key, id);
    customers.set(`${key}/${o.customer}`, [o.warehouse, o.district, o.customer]);
    return { ...o, id };
  });
  const insert = async (table: string, rows: unknown[][]) => {
    for (let at = 0; at < rows.length; at += 500) {
      const batch = rows.slice(at, at + 500).map((r) => sql`(${sql.join(r)})`);
      await sql`insert into ${sql.raw(`tpcc.${table}`)} values ${sql.join(batch)}`.execute(db);
    }
  };
  await insert('customer', [...customers.values()].map(([w, d, c]) => [w, d, c, 0, 0]));
  await insert('orders', numbered.map((o) => [o.warehouse, o.district, o.id, o.customer, null, o.lineAmounts.length, now]));
  await insert('new_order', numbered.map((o) => [o.warehouse, o.district, o.id]));
  await insert(
    'order_line',
    numbered.flatMap((o) => o.lineAmounts.map((amount, i) => [o.warehouse, o.district, o.id, i + 1, o.lineItems[i]!, o.lineQuantities[i]!, amount, null])),
  );
  await sql`analyze`.execute(db);
  return orders.map((o) => ({ warehouse: o.warehouse, district: o.district }));
}


/**
 * (c) TPC-C Delivery for one district, client-side statements, one round trip each, as clause 2.7.4.2 lists
 * them: the district's oldest new-order (taken FOR UPDATE SKIP LOCKED, so that two workers in one district take
 * two orders instead of queueing on one) is deleted, the order gets its carrier, its lines the delivery date,
 * and the customer the sum of the lines on its balance and one more delivery. Returns false when the district
 * had nothing to deliver (TPC-C then skips it); a deadlock or serialization failure is retried.
 */
export function deliveryDriver(withConnection: WithConnection, now: () => Date): (district: District) => Promise<boolean> {
  return (district) =>
    withConnection(async (conn) => {
      for (let attempt = 1; ; attempt++) {
        await conn.query('begin');
        try {
          const delivered = await deliver(conn, district, now());
          await conn.query('commit');
          return delivered;
        } catch (error) {
          await conn.query('rollback').catch(() => {});
          const code = (error as { code?: string }).code;
          if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error;
        }
      }
    });
}

async function deliver(conn: RawConnection, { warehouse: w, district: d }: District, now: Date): Promise<boolean> {
  const [oldest] = await conn.query(
    'select no_o_id from tpcc.new_order where no_w_id = $1 and no_d_id = $2 order by no_o_id limit 1 for update skip locked',
    [w, d],
  );
  if (!oldest) return false;
  const o = Number(oldest.no_o_id);
  await conn.query('delete from tpcc.new_order where no_w_id = $1 and no_d_id = $2 and no_o_id = $3', [w, d, o]);
  const [order] = await conn.query('select o_c_id from tpcc.orders where o_w_id = $1 and o_d_id = $2 and o_id = $3', [w, d, o]);
  await conn.query('update tpcc.orders set o_carrier_id = $4 where o_w_id = $1 and o_d_id = $2 and o_id = $3', [w, d, o, (o % 10) + 1]);
  await conn.query('update tpcc.order_line set ol_delivery_d = $4 where ol_w_id = $1 and ol_d_id = $2 and ol_o_id = $3', [w, d, o, now]);
  const [sum] = await conn.query('select sum(ol_amount)::bigint as total from tpcc.order_line where ol_w_id = $1 and ol_d_id = $2 and ol_o_id = $3', [w, d, o]);
  await conn.query('update tpcc.customer set c_balance = c_balance + $4, c_delivery_cnt = c_delivery_cnt + 1 where c_w_id = $1 and c_d_id = $2 and c_id = $3', [
    w,
    d,
    Number(order!.o_c_id),
    Number(sum!.total),
  ]);
  return true;
}

/**
 * Delivery's consistency after the run: every order delivered exactly once — no new-order left, each order a
 * carrier and each line a delivery date — and the customers' balances and delivery counts add up to exactly
 * the delivered lines and orders.
 */
export async function deliveryConsistency(db: Kysely<DB>, delivered: number): Promise<{ found: string; ok: boolean }> {
  const { rows } = await sql<{ waiting: number; carried: number; undated: number; balance: number; amounts: number; deliveries: number }>`
    select (select count(*) from tpcc.new_order)::int as waiting,
           (select count(*) from tpcc.orders where o_carrier_id is not null)::int as carried,
           (select count(*) from tpcc.order_line where ol_delivery_d is null)::int as undated,
           (select coalesce(sum(c_balance), 0) from tpcc.customer)::bigint as balance,
           (select coalesce(sum(ol_amount), 0) from tpcc.order_line)::bigint as amounts,
           (select coalesce(sum(c_delivery_cnt), 0) from tpcc.customer)::int as deliveries`.execute(db);
  const r = rows[0]!;
  const [balance, amounts] = [Number(r.balance), Number(r.amounts)];
  return {
    found: `${r.waiting} waiting, ${r.carried} carried / ${r.deliveries} counted vs ${delivered} delivered, ${r.undated} lines undated, balances ${balance} vs lines ${amounts}`,
    ok: r.waiting === 0 && r.undated === 0 && r.carried === delivered && r.deliveries === delivered && balance === amounts,
  };
}
