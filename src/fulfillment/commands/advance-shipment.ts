import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { notFound } from '../../core/errors';
import { applyTransition } from '../../cycle/commands/apply-transition';
import { completeHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { openHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import type { ShipmentStatus } from '../transitions';
import { shipmentMachine } from '../transitions';

export interface NextHandoff {
  department: Department;
  note: string;
  dueAt?: Date;
}

/** The shipment as stored; 404 for a customer's key that asks for another customer's. */
export async function findShipment(tx: Tx, id: string) {
  const shipment = await tx.db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!shipment || (tx.actor.role === 'customer' && shipment.customer_id !== tx.actor.customerId)) throw notFound('shipment', id);
  return shipment;
}

/**
 * One step of a shipment through its state table, with its event (applyTransition), and the work handed on:
 * the handoff of the step just done is completed and, unless the journey ends here, the next one opened.
 */
export async function advanceShipment(
  tx: Tx,
  shipment: { id: string; number: string; order_id: string; customer_id: string },
  to: ShipmentStatus,
  data: Record<string, unknown>,
  next: NextHandoff | null,
): Promise<void> {
  const at = { orderId: shipment.order_id, customerId: shipment.customer_id, stage: 'fulfillment' as const };
  await applyTransition(tx, shipmentMachine, { id: shipment.id, to, ...at, data: { number: shipment.number, ...data } });
  await completeHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, shipment.id, `shipment ${shipment.number} ${to}`);
  if (next) await openHandoff(tx, { subject: { type: 'shipment', id: shipment.id }, ...at, department: next.department, note: next.note, dueAt: next.dueAt });
}
