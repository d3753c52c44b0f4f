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
