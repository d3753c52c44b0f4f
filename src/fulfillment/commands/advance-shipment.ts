import { sql } from 'kysely';
import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { notFound } from '../../core/errors';
import { sendWrites, type PendingWrite } from '../../cycle/commands/append-event';
import { planTransition } from '../../cycle/commands/apply-transition';
import { planCompleteHandoffsFor } from '../../cycle/commands/complete-handoffs-for';
import { planOpenHandoff } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import type { ShipmentLinesTable, ShipmentsTable } from '../tables';
import type { ShipmentStatus } from '../transitions';
import { shipmentMachine } from '../transitions';

export interface NextHandoff {
  department: Department;
  note: string;
  dueAt?: Date;
}

export type FoundShipment = ShipmentsTable & { lines: ShipmentLinesTable[] };

type ShipmentRef = Pick<ShipmentsTable, 'id' | 'number' | 'order_id' | 'customer_id'>;

interface AdvanceOptions {
  lockedAs?: ShipmentStatus;
  set?: Partial<ShipmentsTable>;
}

/** The lines of shipment `s` as a JSON array in id order: a column for a select from `shipments as s`. */
export const shipmentLinesColumn = sql<ShipmentLinesTable[]>`(select coalesce(json_agg(sl order by sl.id), '[]') from shipment_lines sl where sl.shipment_id = s.id)`.as('lines');

/**
 * The shipment as stored, with its lines, in one statement; 404 for a customer's key that asks for another
 * customer's. `lock`: FOR UPDATE, for a step that locks nothing before the shipment.
 */
export async function findShipment(tx: Tx, id: string, { lock = false } = {}): Promise<FoundShipment> {
  let query = tx.db.selectFrom('shipments as s').selectAll('s').select(shipmentLinesColumn).where('s.id', '=', id);
  if (lock) query = query.forUpdate('s');
  const shipment = await query.executeTakeFirst();
  if (!shipment || (tx.actor.role === 'customer' && shipment.customer_id !== tx.actor.customerId)) throw notFound('shipment', id);
  return shipment;
}

/**
 * One step of a shipment through its state table, with its event (as applyTransition checks it), and the work
 * handed on: the handoff of the step just done is completed and, unless the journey ends here, the next one
 * opened — all checked first, then written in one statement.
 * `lockedAs`: the status read when the caller locked the shipment; `set`: columns that change with the step.
 * Returns the shipment row as the step leaves it.
 */
export async function advanceShipment<T extends ShipmentRef>(
  tx: Tx,
  shipment: T,
  to: ShipmentStatus,
  data: Record<string, unknown>,
  next: NextHandoff | null,
  options: AdvanceOptions = {},
): Promise<T> {
  const planned = await planAdvanceShipment(tx, shipment, to, data, next, options);
  await sendWrites(tx, planned.writes);
  return planned.shipment;
}

/** `advanceShipment` up to the write: its writes, for `sendWrites` with the step's others. */
export async function planAdvanceShipment<T extends ShipmentRef>(
  tx: Tx,
  shipment: T,
  to: ShipmentStatus,
  data: Record<string, unknown>,
  next: NextHandoff | null,
  { lockedAs, set = {} }: AdvanceOptions = {},
): Promise<{ writes: (PendingWrite | null)[]; shipment: T }> {
  const at = { orderId: shipment.order_id, customerId: shipment.customer_id, stage: 'fulfillment' as const };
  const moved = await planTransition(tx, shipmentMachine, { id: shipment.id, to, ...at, data: { number: shipment.number, ...data }, ...(lockedAs ? { lockedAs } : {}), set });
  const closed = await planCompleteHandoffsFor({ ...tx, actor: SYSTEM_ACTOR }, shipment.id, `shipment ${shipment.number} ${to}`);
  const opened = next && planOpenHandoff(tx, { subject: { type: 'shipment', id: shipment.id }, ...at, department: next.department, note: next.note, dueAt: next.dueAt });
  // Events in the order the steps happen.
  return { writes: [moved.pending, closed, opened?.pending ?? null], shipment: { ...shipment, ...set, status: to, updated_at: tx.now } as T };
}
