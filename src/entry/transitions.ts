import { defineMachine } from '../core/state-machine';
import { assertNoHoldBlocks } from '../prioritization/queries/order-holds';

/**
 * An order is received, then confirmed — or held (credit) until finance releases it — and in fulfillment from
 * its first shipment (how far it has shipped is derived from its lines: src/fulfillment). It can be cancelled
 * until a unit has shipped; later stages extend this table.
 */
export const orderMachine = defineMachine({
  entity: 'order',
  table: 'orders',
  states: ['received', 'confirmed', 'on_hold', 'cancelled', 'in_fulfillment'],
  initial: 'received',
  transitions: [
    { from: 'received', to: 'confirmed', roles: ['csr'], event: 'order.confirmed' },
    { from: ['received', 'confirmed'], to: 'on_hold', roles: ['csr', 'finance'], event: 'order.put_on_hold' },
    { from: 'on_hold', to: 'confirmed', roles: ['finance'], event: 'order.released' },
    { from: ['received', 'confirmed', 'on_hold', 'in_fulfillment'], to: 'cancelled', roles: ['csr', 'sales', 'finance', 'customer'], event: 'order.cancelled' },
    // Fulfillment: the first shipment takes the order out of the queue; edits stop (cancelling refuses shipped units).
    { from: 'confirmed', to: 'in_fulfillment', roles: ['warehouse', 'operations', 'csr'], event: 'order.fulfillment_started' },
  ],
  // Typed holds (prioritization) block the moves they name until released.
  guard: assertNoHoldBlocks,
});

export type OrderStatus = (typeof orderMachine.states)[number];
/** Orders that still count against the customer's credit and hold their stock. */
export const OPEN_ORDER_STATUSES: OrderStatus[] = ['received', 'confirmed', 'on_hold', 'in_fulfillment'];
