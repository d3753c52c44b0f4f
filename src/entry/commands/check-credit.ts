import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../access/roles';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { OPEN_ORDER_STATUSES, orderMachine, type OrderStatus } from '../transitions';

/** What the customer owes on open orders (this one included); later issues add unpaid invoices. */
export async function creditExposure(tx: Tx, customerId: string): Promise<number> {
  const open = await tx.db
    .selectFrom('orders')
    .select(sql<number>`coalesce(sum(total_amount), 0)::bigint`.as('sum'))
    .where('customer_id', '=', customerId)
    .where('status', 'in', OPEN_ORDER_STATUSES)
    .executeTakeFirstOrThrow();
  return open.sum;
}

interface CreditSubject {
  id: string;
  number: string;
  customer_id: string;
  currency: string;
  status: string;
}

/**
 * The credit check. Over the limit, the order goes on hold with a handoff to finance; within it, a new order
 * is confirmed. omc decides this itself, so the system is the actor. Returns the order's status after.
 */
export async function checkCredit(
  tx: Tx,
  order: CreditSubject,
  limit: number | null,
  { confirmWhenWithin, justInserted = false }: { confirmWhenWithin: boolean; justInserted?: boolean },
): Promise<string> {
  const system = { ...tx, actor: SYSTEM_ACTOR };
  const exposure = limit === null ? 0 : await creditExposure(tx, order.customer_id);
  const at = { id: order.id, orderId: order.id, customerId: order.customer_id, stage: 'entry' as const, ...(justInserted ? { insertedAs: order.status as OrderStatus } : {}) };
  if (limit === null || exposure <= limit) {
    if (!confirmWhenWithin) return order.status;
    await applyTransition(system, orderMachine, { ...at, to: 'confirmed', data: { reason: 'within credit' } });
    return 'confirmed';
  }
  if (order.status === 'on_hold') return order.status;
  const reason = `open orders ${exposure} exceed the credit limit ${limit} (${order.currency} minor units)`;
  await applyTransition(system, orderMachine, { ...at, to: 'on_hold', data: { hold: 'credit', reason, exposure, credit_limit: limit } });
  await openHandoff(system, {
    subject: { type: 'order', id: order.id },
    stage: 'entry',
    department: 'finance',
    orderId: order.id,
    customerId: order.customer_id,
    note: `Credit check: ${reason}. Release or cancel order ${order.number}.`,
  });
  return 'on_hold';
}
