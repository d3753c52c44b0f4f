import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema';

/**
 * Stock rows that break the ledger: reserved above on hand, reserved unlike the active stock reservations,
 * or on hand / reserved unlike the sums of their movements. Empty when stock is conserved.
 */
export async function stockRowsOffLedger(db: Kysely<DB>): Promise<{ product_id: string }[]> {
  const { rows } = await sql<{ product_id: string }>`
    select s.product_id from stock s
    left join (select product_id, warehouse_id, sum(quantity) q from reservations where status = 'active' and source = 'stock' group by 1, 2) r
      using (product_id, warehouse_id)
    left join (select product_id, warehouse_id, sum(on_hand_delta) oh, sum(reserved_delta) rd from stock_movements group by 1, 2) m
      using (product_id, warehouse_id)
    where s.reserved > s.on_hand or s.reserved <> coalesce(r.q, 0) or s.on_hand <> coalesce(m.oh, 0) or s.reserved <> coalesce(m.rd, 0)`.execute(db);
  return rows;
}
