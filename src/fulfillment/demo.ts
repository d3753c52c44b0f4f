import type { Tx } from '../db/transaction';
import { createShipments } from './commands/create-shipment';

/**
 * A wave waiting on the warehouse floor: pick lists for the oldest confirmed orders served from stock at the
 * busiest warehouse, so the Shipments page has work to pick, pack and ship together.
 */
export async function seedWave(tx: Tx, size = 3): Promise<void> {
  const busiest = await tx.db
    .selectFrom('reservations as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select('r.warehouse_id')
    .where('o.status', '=', 'confirmed')
    .where('r.source', '=', 'stock')
    .where('r.status', '=', 'active')
    .groupBy('r.warehouse_id')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('r.warehouse_id')
    .executeTakeFirst();
  if (!busiest?.warehouse_id) return;
  const orders = await tx.db
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.status', '=', 'confirmed')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('reservations as r').select('r.id').whereRef('r.order_id', '=', 'o.id').where('r.warehouse_id', '=', busiest.warehouse_id).where('r.source', '=', 'stock').where('r.status', '=', 'active')),
    )
    // An order under a typed hold waits for it to be released, not for the warehouse.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('order_holds as h').select('h.id').whereRef('h.order_id', '=', 'o.id').where('h.released_at', 'is', null))))
    .orderBy('o.id')
    .limit(size)
    .execute();
  if (orders.length > 0) await createShipments(tx, busiest.warehouse_id, orders.map((o) => ({ orderId: o.id })));
}
