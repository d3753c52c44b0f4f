import { defineMachine } from '../core/state-machine';

/**
 * A shipment leaves one warehouse: the warehouse picks and packs it, hands it to a carrier (shipped: stock
 * leaves the books), and the delivery is confirmed. Until it ships it can be cancelled: its units stay reserved.
 */
export const shipmentMachine = defineMachine({
  entity: 'shipment',
  table: 'shipments',
  states: ['pick_list', 'picked', 'packed', 'shipped', 'delivered', 'cancelled'],
  initial: 'pick_list',
  transitions: [
    { from: 'pick_list', to: 'picked', roles: ['warehouse', 'operations'], event: 'shipment.picked' },
    { from: 'picked', to: 'packed', roles: ['warehouse', 'operations'], event: 'shipment.packed' },
    { from: 'packed', to: 'shipped', roles: ['warehouse', 'operations'], event: 'shipment.shipped' },
    { from: 'shipped', to: 'delivered', roles: ['warehouse', 'operations', 'csr'], event: 'shipment.delivered' },
    { from: ['pick_list', 'picked', 'packed'], to: 'cancelled', roles: ['warehouse', 'operations', 'csr'], event: 'shipment.cancelled' },
  ],
});

export type ShipmentStatus = (typeof shipmentMachine.states)[number];
/** Shipments whose units are claimed but still on the books. */
export const OPEN_SHIPMENT_STATUSES: ShipmentStatus[] = ['pick_list', 'picked', 'packed'];
/** Shipments whose units have left the warehouse. */
export const SHIPPED_STATUSES: ShipmentStatus[] = ['shipped', 'delivered'];

/**
 * A work order builds a made-to-order line: released to the shop, in progress from its first operation, done
 * when the last operation is (components consumed, the product received and reserved for the line). It is
 * cancelled with its order, or by operations, until it is done.
 */
export const workOrderMachine = defineMachine({
  entity: 'work_order',
  table: 'work_orders',
  states: ['released', 'in_progress', 'done', 'cancelled'],
  initial: 'released',
  transitions: [
    { from: 'released', to: 'in_progress', roles: ['operations', 'warehouse', 'service'], event: 'work_order.started' },
    { from: 'in_progress', to: 'done', roles: ['operations', 'warehouse', 'service'], event: 'work_order.done' },
    { from: ['released', 'in_progress'], to: 'cancelled', roles: ['operations'], event: 'work_order.cancelled' },
  ],
});

/** One operation of a work order, done by its work center's department, after the one before it. */
export const workOrderOperationMachine = defineMachine({
  entity: 'work_order_operation',
  table: 'work_order_operations',
  states: ['pending', 'in_progress', 'done'],
  initial: 'pending',
  transitions: [
    { from: 'pending', to: 'in_progress', roles: ['operations', 'warehouse', 'service'], event: 'work_order.operation_started' },
    { from: 'in_progress', to: 'done', roles: ['operations', 'warehouse', 'service'], event: 'work_order.operation_done' },
  ],
});
