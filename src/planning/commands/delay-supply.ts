import { AppError, invalidFields, notFound } from '../../core/errors';
import { calendarDate } from '../../core/clock';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentSupply } from '../schemas';

/** Supply will come on another date; the event keeps the old date, the new one and why. */
export async function delaySupply(tx: Tx, id: string, input: { expected_date: string; reason: string }) {
  const supply = await tx.db.selectFrom('supply').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!supply) throw notFound('supply', id);
  if (!['open', 'partially_received'].includes(supply.status)) {
    throw new AppError('conflict', `This supply is ${supply.status}; only open supply can move.`, { status: supply.status });
  }
  if (input.expected_date < calendarDate(tx.now)) throw invalidFields({ expected_date: 'The new date cannot be in the past.' });
  const updated = await tx.db
    .updateTable('supply')
    .set({ expected_date: input.expected_date, updated_at: tx.now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvent(tx, {
    type: 'supply.rescheduled',
    subject: { type: 'supply', id },
    stage: 'planning',
    data: { product_id: supply.product_id, from: supply.expected_date, to: input.expected_date, reason: input.reason },
  });
  return presentSupply(updated);
}
