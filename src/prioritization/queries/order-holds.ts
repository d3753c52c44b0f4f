import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors';
import type { DB } from '../../db/schema';
import type { Tx } from '../../db/transaction';
import type { OrderHoldsTable } from '../tables';

export function presentHold(h: OrderHoldsTable) {
  return {
    id: h.id,
    order_id: h.order_id,
    type: h.type,
    blocks: h.blocks,
    reason: h.reason,
    placed_by: h.placed_by,
    placed_at: h.placed_at.toISOString(),
    released_by: h.released_by,
    released_at: h.released_at?.toISOString() ?? null,
    release_reason: h.release_reason,
    active: h.released_at === null,
  };
}

export async function orderHolds(db: Kysely<DB>, orderId: string) {
  return (await db.selectFrom('order_holds').selectAll().where('order_id', '=', orderId).orderBy('id').execute()).map(presentHold);
}

/** The order machine's guard: a move to a status that an active hold blocks is refused, naming the holds. */
export async function assertNoHoldBlocks(ctx: unknown, orderId: string, _from: string, to: string): Promise<void> {
  const tx = ctx as Tx;
  refuseBlockedMove(to, await blockingHolds(tx.db, orderId, to).execute());
}

/** The active holds that block a move to `to` (of one order, or several): the guard's query, also to ride in a caller's own statement. */
export function blockingHolds(db: Kysely<DB>, orderIds: string | string[], to: string) {
  return db
    .selectFrom('order_holds')
    .select(['id', 'order_id', 'type', 'reason', 'placed_by'])
    .where('order_id', 'in', typeof orderIds === 'string' ? [orderIds] : orderIds)
    .where('released_at', 'is', null)
    .where((eb) => eb(eb.val(to), '=', eb.fn.any('blocks')));
}

/** The guard's refusal of a move to `to`, when `blocking` (as `blockingHolds` reads them) is not empty. */
export function refuseBlockedMove(to: string, blocking: { id: string; type: string; reason: string; placed_by: string }[]): void {
  if (blocking.length > 0) {
    throw new AppError('blocked_by_hold', `The order cannot become ${to}: ${blocking.map((h) => `${h.type} hold (${h.reason})`).join('; ')}.`, { to, holds: blocking });
  }
}
