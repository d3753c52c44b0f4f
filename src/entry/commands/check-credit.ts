import { billingExposure } from '../../billing/queries/receivables';
import { SYSTEM_ACTOR } from '../../access/roles';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import { OPEN_ORDER_STATUSES, orderMachine, type OrderStatus } from '../transitions';

/**
 * What the customer owes or has been promised credit for: open orders (this one included) at their value not
 * yet invoiced, plus the open balance of issued invoices (tax included), less unapplied credit. An invoiced
 * part of an open order counts once — as the invoice — so billing never double-counts it.
 */
export async function creditExposure(tx: Tx, customerId: string): Promise<number> {
  const { uninvoicedOpenOrders, receivable, credit } = await billingExposure(tx.db, customerId, OPEN_ORDER_STATUSES, tx.now);
  return uninvoicedOpenOrders + receivable - credit;
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
  const reason = `open orders and unpaid invoices ${exposure} exceed the credit limit ${limit} (${order.currency} minor units)`;
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
