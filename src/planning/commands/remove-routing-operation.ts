import { notFound } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { getRouting } from '../queries/get-routing';
import { lockRoutingOf } from './replace-routing';

/** Take one operation out of a product's routing; answers the routing as it is now. */
export async function removeRoutingOperation(tx: Tx, productId: string, operationId: string) {
  await lockRoutingOf(tx, productId);
  const removed = await tx.db
    .deleteFrom('routing_operations')
    .where('id', '=', operationId)
    .where('product_id', '=', productId)
    .returningAll()
    .executeTakeFirst();
  if (!removed) throw notFound('operation of this routing', operationId);
  await appendEvent(tx, {
    type: 'routing.operation_removed',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: { operation_id: removed.id, sequence: removed.sequence, work_center_id: removed.work_center_id, description: removed.description },
  });
  return getRouting(tx.db, productId);
}
