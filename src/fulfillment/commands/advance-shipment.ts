import { sql } from 'kysely';
import { SYSTEM_ACTOR, type Department } from '../../access/roles';
import { invalidFields, notFound } from '../../core/errors';
import { sendWrites, type PendingWrite } from '../../cycle/commands/append-event';
import { perRow, planTransitions } from '../../cycle/commands/apply-transition';
import { planCompleteHandoffsOf } from '../../cycle/commands/complete-handoffs-for';
import { planOpenHandoffs } from '../../cycle/commands/open-handoff';
import type { Tx } from '../../db/transaction';
import type { ShipmentLinesTable, ShipmentsTable } from '../tables';
import type { ShipmentStatus } from '../transitions';
import { shipmentMachine } from '../transitions';
import { presentShipment } from '../schemas';

export interface NextHandoff {
  department: Department;
  note: string;
  dueAt?: Date;
}

export type FoundShipment = ShipmentsTable & { lines: ShipmentLinesTable[] };

type ShipmentRef = Pick<ShipmentsTable, 'id' | 'number' | 'order_id' | 'customer_id' | 'status'>;

/** Columns that change with a step, and their types for a value that differs by shipment. */
type StepColumns = Partial<Pick<ShipmentsTable, 'carrier' | 'tracking_number' | 'packages' | 'shipped_at' | 'delivered_on'>>;
const COLUMN_TYPES: Record<keyof StepColumns, string> = { carrier: 'text', tracking_number: 'text', packages: 'int', shipped_at: 'timestamptz', delivered_on: 'date' };

/** The lines of shipment `s` as a JSON array in id order: a column for a select from `shipments as s`. */
export const shipmentLinesColumn = sql<ShipmentLinesTable[]>`(select coalesce(json_agg(sl order by sl.id), '[]') from shipment_lines sl where sl.shipment_id = s.id)`.as('lines');

/** `findShipments` of one: 404 when the caller may not see it. */
export async function findShipment(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<FoundShipment> {
  return (await findShipments(tx, [id], options))[0]!;
}

/**
 * The shipments as stored, with their lines, in one statement, in the order asked; 404 for one that does not
 * exist or, for a customer's key, is another customer's. `lock`: FOR UPDATE in id order, for a step that
 * locks nothing before the shipments.
 */
export async function findShipments(tx: Tx, ids: string[], { lock = false } = {}): Promise<FoundShipment[]> {
  let query = tx.db.selectFrom('shipments as s').selectAll('s').select(shipmentLinesColumn).where('s.id', 'in', ids).orderBy('s.id');
  if (lock) query = query.forUpdate('s');
  const found = new Map((await query.execute()).map((s) => [s.id, s]));
  return ids.map((id) => {
    const shipment = found.get(id);
    if (!shipment || (tx.actor.role === 'customer' && shipment.customer_id !== tx.actor.customerId)) throw notFound('shipment', id);
    return shipment;
  });
}

/** 400 naming the first shipment id given twice: a batch moves each shipment once. */
export function refuseRepeatedShipments(ids: string[], field: (i: number) => string): void {
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0) throw invalidFields({ [field(repeated)]: 'Name each shipment once.' });
}

/**
 * The most shipment lines one batch writes: every line is a row in each of a few multi-row statements, and
 * PostgreSQL takes at most 65,535 parameters in one (a stock movement has 12). A wave past it is refused
 * (400 naming `field`), before anything is written, rather than failing half-way with a 500.
 */
export const MAX_BATCH_LINES = 4_000;

export function refuseOversizedBatch(lines: number, field: string): void {
  if (lines > MAX_BATCH_LINES) throw invalidFields({ [field]: `This batch holds ${lines} shipment lines; at most ${MAX_BATCH_LINES} go in one. Split it.` });
}

/** One shipment's step in `planAdvanceShipments`: what the timeline says, the work handed on, columns that change. */
export interface ShipmentStep<T extends ShipmentRef> {
  shipment: T;
  data?: Record<string, unknown>;
  next: NextHandoff | null;
  set?: StepColumns;
}

/** `planAdvanceShipments` of one shipment, sent at once. Returns the shipment row as the step leaves it. */
export async function advanceShipment<T extends ShipmentRef>(tx: Tx, step: ShipmentStep<T>, to: ShipmentStatus): Promise<T> {
  const planned = await planAdvanceShipments(tx, [step], to);
  await sendWrites(tx, planned.writes);
  return planned.shipments[0]!;
}

/**
 * A step that needs nothing but the shipments: lock them (in id order), move each as `stepOf` says, send it
 * all in one statement, and return them as the API shows them, in the order asked.
 */
export async function moveShipments(tx: Tx, ids: string[], to: ShipmentStatus, stepOf: (s: FoundShipment) => Omit<ShipmentStep<FoundShipment>, 'shipment'>) {
  refuseRepeatedShipments(ids, (i) => `shipment_ids.${i}`);
  const shipments = await findShipments(tx, ids, { lock: true });
  const planned = await planAdvanceShipments(tx, shipments.map((shipment) => ({ shipment, ...stepOf(shipment) })), to);
  await sendWrites(tx, planned.writes);
  return planned.shipments.map((s) => presentShipment(s, s.lines));
}

/**
 * Shipments (locked by the caller, with the status it read) one step through their state table, with an event
 * each (as applyTransition checks them), and the work handed on: the handoffs of the step just done
 * completed and, unless the journey ends here, the next ones opened — all checked first, and written (with
 * the step's other writes, by the caller's `sendWrites`) in one statement however many shipments move.
 */
export async function planAdvanceShipments<T extends ShipmentRef>(
  tx: Tx,
  steps: ShipmentStep<T>[],
  to: ShipmentStatus,
): Promise<{ writes: (PendingWrite | null)[]; shipments: T[] }> {
  const at = (s: T) => ({ orderId: s.order_id, customerId: s.customer_id, stage: 'fulfillment' as const });
  const moved = await planTransitions(
    tx,
    shipmentMachine,
    to,
    steps.map(({ shipment: s, data }) => ({ id: s.id, lockedAs: s.status as ShipmentStatus, ...at(s), data: { number: s.number, ...data } })),
    columnsByShipment(steps),
  );
  const closed = await planCompleteHandoffsOf({ ...tx, actor: SYSTEM_ACTOR }, new Map(steps.map(({ shipment: s }) => [s.id, `shipment ${s.number} ${to}`])));
  const opened = planOpenHandoffs(
    tx,
    steps.flatMap(({ shipment: s, next }) => (next ? [{ subject: { type: 'shipment', id: s.id }, ...at(s), department: next.department, note: next.note, dueAt: next.dueAt }] : [])),
  );
  // Events in the order the steps happen.
  return {
    writes: [moved, closed, opened.pending],
    shipments: steps.map(({ shipment, set }) => ({ ...shipment, ...set, status: to, updated_at: tx.now })),
  };
}

/** The SET of the steps' columns: the value itself where every shipment gets the same, else `perRow`. */
function columnsByShipment(steps: ShipmentStep<ShipmentRef>[]): Record<string, unknown> {
  const columns = new Set(steps.flatMap((s) => Object.keys(s.set ?? {}))) as Set<keyof StepColumns>;
  const set: Record<string, unknown> = {};
  for (const column of columns) {
    const values = new Map(steps.map((s) => [s.shipment.id, s.set?.[column] ?? null]));
    const distinct = new Set([...values.values()].map((v) => (v instanceof Date ? v.getTime() : v)));
    set[column] = distinct.size === 1 ? values.values().next().value : perRow(values, COLUMN_TYPES[column]);
  }
  return set;
}
