import { sql } from 'kysely';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Tx } from '../../db/transaction';
import { presentMovement } from '../schemas';
import type { MovementKind } from '../tables';

export interface StockMove {
  productId: string;
  warehouseId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reason?: string | null;
  supplyId?: string | null;
  orderId?: string | null;
  orderLineId?: string | null;
}

/**
 * The only writer of stock: one conditional statement changes the level only if it stays valid
 * (on hand ≥ 0, 0 ≤ reserved ≤ on hand), then the movement is appended. Never read-compare-write: two
 * concurrent moves cannot both pass a check the other invalidates, on PostgreSQL or PGlite.
 */
export async function moveStock(tx: Tx, move: StockMove) {
  const { productId, warehouseId, onHandDelta: dOn, reservedDelta: dRes } = move;
  const stays = sql<boolean>`stock.on_hand + ${dOn} >= 0 and stock.reserved + ${dRes} >= 0 and stock.reserved + ${dRes} <= stock.on_hand + ${dOn}`;
  // A first movement may create the row only when the new row itself would be valid.
  const level =
    dOn >= 0 && dRes >= 0 && dRes <= dOn
      ? await sql<{ on_hand: number; reserved: number }>`
          insert into stock (product_id, warehouse_id, on_hand, reserved, updated_at)
          values (${productId}, ${warehouseId}, ${dOn}, ${dRes}, ${tx.now})
          on conflict (product_id, warehouse_id) do update
            set on_hand = stock.on_hand + ${dOn}, reserved = stock.reserved + ${dRes}, updated_at = ${tx.now}
            where ${stays}
          returning on_hand, reserved`.execute(tx.db)
      : await sql<{ on_hand: number; reserved: number }>`
          update stock set on_hand = stock.on_hand + ${dOn}, reserved = stock.reserved + ${dRes}, updated_at = ${tx.now}
          where product_id = ${productId} and warehouse_id = ${warehouseId} and ${stays}
          returning on_hand, reserved`.execute(tx.db);
  const after = level.rows[0];
  if (!after) {
    const now = await tx.db.selectFrom('stock').select(['on_hand', 'reserved']).where('product_id', '=', productId).where('warehouse_id', '=', warehouseId).executeTakeFirst();
    const onHand = now?.on_hand ?? 0;
    const reserved = now?.reserved ?? 0;
    throw new AppError('insufficient_stock', `That would leave on hand ${onHand + dOn} and reserved ${reserved + dRes}; on hand cannot go below reserved or zero.`, {
      product_id: productId,
      warehouse_id: warehouseId,
      on_hand: onHand,
      reserved,
      available: onHand - reserved,
    });
  }
  const row = {
    id: newId('movement'),
    product_id: productId,
    warehouse_id: warehouseId,
    kind: move.kind,
    on_hand_delta: dOn,
    reserved_delta: dRes,
    reason: move.reason ?? null,
    supply_id: move.supplyId ?? null,
    order_id: move.orderId ?? null,
    order_line_id: move.orderLineId ?? null,
    actor: tx.actor.id,
    at: tx.now,
  };
  await tx.db.insertInto('stock_movements').values(row).execute();
  return { movement: presentMovement(row), onHand: after.on_hand, reserved: after.reserved };
}

/**
 * Many moves on existing stock rows in two statements: one conditional UPDATE over the summed change per
 * product × warehouse (it changes only rows that stay valid), then every movement in one insert. If any row
 * would go invalid the whole call refuses, naming it; the caller's transaction then rolls back.
 */
export async function moveStockMany(tx: Tx, moves: StockMove[]): Promise<void> {
  if (moves.length === 0) return;
  const sums = new Map<string, { productId: string; warehouseId: string; dOn: number; dRes: number }>();
  for (const m of moves) {
    const key = `${m.productId}\n${m.warehouseId}`;
    const sum = sums.get(key) ?? { productId: m.productId, warehouseId: m.warehouseId, dOn: 0, dRes: 0 };
    sum.dOn += m.onHandDelta;
    sum.dRes += m.reservedDelta;
    sums.set(key, sum);
  }
  // Rows in (product, warehouse) order, the order every writer of stock locks in.
  const changes = [...sums.values()].sort((a, b) => a.productId.localeCompare(b.productId) || a.warehouseId.localeCompare(b.warehouseId));
  const values = sql.join(changes.map((c) => sql`(${c.productId}, ${c.warehouseId}, ${c.dOn}::int, ${c.dRes}::int)`));
  const updated = await sql<{ product_id: string; warehouse_id: string }>`
    update stock set on_hand = stock.on_hand + v.d_on, reserved = stock.reserved + v.d_res, updated_at = ${tx.now}
    from (values ${values}) as v (product_id, warehouse_id, d_on, d_res)
    where stock.product_id = v.product_id and stock.warehouse_id = v.warehouse_id
      and stock.on_hand + v.d_on >= 0 and stock.reserved + v.d_res >= 0 and stock.reserved + v.d_res <= stock.on_hand + v.d_on
    returning stock.product_id, stock.warehouse_id`.execute(tx.db);
  if (updated.rows.length < changes.length) {
    const done = new Set(updated.rows.map((r) => `${r.product_id}\n${r.warehouse_id}`));
    const refused = changes.find((c) => !done.has(`${c.productId}\n${c.warehouseId}`))!;
    throw new AppError('insufficient_stock', 'Not enough stock for that move; on hand cannot go below reserved or zero.', {
      product_id: refused.productId,
      warehouse_id: refused.warehouseId,
    });
  }
  await tx.db
    .insertInto('stock_movements')
    .values(
      moves.map((m) => ({
        id: newId('movement'),
        product_id: m.productId,
        warehouse_id: m.warehouseId,
        kind: m.kind,
        on_hand_delta: m.onHandDelta,
        reserved_delta: m.reservedDelta,
        reason: m.reason ?? null,
        supply_id: m.supplyId ?? null,
        order_id: m.orderId ?? null,
        order_line_id: m.orderLineId ?? null,
        actor: tx.actor.id,
        at: tx.now,
      })),
    )
    .execute();
}
