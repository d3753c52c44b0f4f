import { z } from 'zod';
import { idPattern } from '../core/ids';
import { pageQuery } from '../http/pagination';
import { calendarDate, warehouseId } from '../planning/schemas';
import type { ShipmentLinesTable, ShipmentsTable } from './tables';
import { shipmentMachine } from './transitions';

const orderLineId = z.string().regex(idPattern('orderLine'), 'Expected an order line id (oln_…).');

export const CreateShipmentBody = z.strictObject({
  warehouse_id: warehouseId,
  lines: z
    .array(z.strictObject({ order_line_id: orderLineId, quantity: z.number().int('Use a whole number of units.').min(1, 'Ship at least 1 unit.').max(1_000_000) }))
    .min(1, 'Name at least one line, or leave lines out to ship everything reserved in the warehouse.')
    .max(200)
    .optional()
    .describe('Default: every unit of the order reserved in this warehouse and not already on a shipment'),
});
export type CreateShipmentInput = z.infer<typeof CreateShipmentBody>;

export const NoteBody = z.strictObject({ note: z.string().trim().min(1).max(500).optional() });
export const ShipBody = z.strictObject({
  carrier: z.string().trim().min(1).max(100),
  tracking_number: z.string().trim().min(1).max(100),
  packages: z.number().int().min(1).max(10_000),
});
export const DeliverBody = z.strictObject({ delivered_on: calendarDate, note: z.string().trim().min(1).max(500).optional() });
export const CancelShipmentBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const shipmentId = z.string().regex(idPattern('shipment'), 'Expected a shipment id (shp_…).');
const orderId = z.string().regex(idPattern('order'), 'Expected an order id (ord_…).');
/** A batch names up to 200 of a kind: a wave the size a warehouse works through in one go. */
const batchOf = <T extends z.ZodType>(item: T, what: string) => z.array(item).min(1, `Name at least one ${what}.`).max(200, `At most 200 ${what}s in one batch.`);

export const CreateShipmentsBody = z.strictObject({
  warehouse_id: warehouseId,
  orders: batchOf(z.strictObject({ order_id: orderId, lines: CreateShipmentBody.shape.lines }), 'order'),
});
export const ShipmentsStepBody = z.strictObject({ shipment_ids: batchOf(shipmentId, 'shipment'), note: NoteBody.shape.note });
export const ShipShipmentsBody = z.strictObject({ shipments: batchOf(ShipBody.extend({ shipment_id: shipmentId }), 'shipment') });

export const ShipmentIdParams = z.strictObject({ id: shipmentId });

const statuses = shipmentMachine.states as unknown as [string, ...string[]];
export const ListShipmentsQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(statuses).optional(),
  warehouse_id: warehouseId.optional(),
  order_id: orderId.optional(),
  unbilled: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('Shipped or delivered, and on no invoice yet: what finance has to bill'),
});

export const Shipment = z.object({
  id: z.string(),
  number: z.string(),
  order_id: z.string(),
  customer_id: z.string(),
  warehouse_id: z.string(),
  status: z.enum(statuses),
  lines: z.array(z.object({ id: z.string(), order_line_id: z.string(), product_id: z.string(), quantity: z.number().int() })),
  carrier: z.string().nullable(),
  tracking_number: z.string().nullable(),
  packages: z.number().int().nullable(),
  shipped_at: z.string().nullable(),
  delivered_on: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ShipmentView = z.infer<typeof Shipment>;

export function presentShipment(s: ShipmentsTable, lines: ShipmentLinesTable[]): ShipmentView {
  return {
    id: s.id,
    number: s.number,
    order_id: s.order_id,
    customer_id: s.customer_id,
    warehouse_id: s.warehouse_id,
    status: s.status as ShipmentView['status'],
    lines: lines
      .filter((l) => l.shipment_id === s.id)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((l) => ({ id: l.id, order_line_id: l.order_line_id, product_id: l.product_id, quantity: l.quantity })),
    carrier: s.carrier,
    tracking_number: s.tracking_number,
    packages: s.packages,
    shipped_at: s.shipped_at?.toISOString() ?? null,
    delivered_on: s.delivered_on,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}
