import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import type { Tx } from '../../db/transaction';
import { presentSupply } from '../schemas';
import { supplyMachine } from '../transitions';

/** The rest of this supply will not come; what was received stays received. */
export async function cancelSupply(tx: Tx, id: string, reason: string) {
  const supply = await tx.db.selectFrom('supply').select(['product_id', 'quantity', 'received_quantity']).where('id', '=', id).executeTakeFirst();
  if (!supply) throw notFound('supply', id);
  await applyTransition(tx, supplyMachine, {
    id,
    to: 'cancelled',
    stage: 'planning',
    data: { product_id: supply.product_id, not_coming: supply.quantity - supply.received_quantity, reason },
  });
  return presentSupply(await tx.db.selectFrom('supply').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
