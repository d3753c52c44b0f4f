import type { Tx } from '../../db/transaction';
import { appendEvent } from '../../cycle/commands/append-event';
import { latestDate } from './promise-lines';

/**
 * After a line's promise parts changed, recompute its date and its order's date from the active parts, and
 * tell the timeline: one `order.repromised` per order whose dates moved, with old date, new date and why.
 */
export async function repromiseLines(tx: Tx, lineIds: string[], why: string): Promise<void> {
  if (lineIds.length === 0) return;
  const lines = await tx.db.selectFrom('order_lines').select(['id', 'order_id', 'line_no', 'promised_date']).where('id', 'in', lineIds).orderBy('id').execute();
  const parts = await tx.db.selectFrom('reservations').select(['order_line_id', 'promised_date']).where('order_line_id', 'in', lineIds).where('status', '=', 'active').execute();
  const changedByOrder = new Map<string, { line_no: number; from: string | null; to: string | null }[]>();
  for (const line of lines) {
    const next = latestDate(parts.filter((p) => p.order_line_id === line.id).map((p) => p.promised_date));
    if (next === line.promised_date) continue;
    await tx.db.updateTable('order_lines').set({ promised_date: next }).where('id', '=', line.id).execute();
    changedByOrder.set(line.order_id, [...(changedByOrder.get(line.order_id) ?? []), { line_no: line.line_no, from: line.promised_date, to: next }]);
  }
  for (const [orderId, changes] of [...changedByOrder].sort(([a], [b]) => a.localeCompare(b))) {
    const order = await tx.db.selectFrom('orders').select(['promised_date', 'customer_id', 'number']).where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
    const all = await tx.db.selectFrom('order_lines').select('promised_date').where('order_id', '=', orderId).where('status', '=', 'open').execute();
    const next = latestDate(all.map((l) => l.promised_date));
    if (next !== order.promised_date) await tx.db.updateTable('orders').set({ promised_date: next, updated_at: tx.now }).where('id', '=', orderId).execute();
    await appendEvent(tx, {
      type: 'order.repromised',
      subject: { type: 'order', id: orderId },
      orderId,
      customerId: order.customer_id,
      stage: 'entry',
      data: { number: order.number, from: order.promised_date, to: next, reason: why, lines: changes },
    });
  }
}
