import { defineMachine } from '../core/state-machine';

/** Expected supply: open until it is all received or cancelled; a partial receipt keeps it coming. */
export const supplyMachine = defineMachine({
  entity: 'supply',
  table: 'supply',
  states: ['open', 'partially_received', 'received', 'cancelled'],
  initial: 'open',
  transitions: [
    { from: ['open', 'partially_received'], to: 'partially_received', roles: ['warehouse', 'operations'], event: 'supply.partially_received' },
    { from: ['open', 'partially_received'], to: 'received', roles: ['warehouse', 'operations'], event: 'supply.received' },
    { from: ['open', 'partially_received'], to: 'cancelled', roles: ['operations'], event: 'supply.cancelled' },
  ],
});

export type SupplyStatus = (typeof supplyMachine.states)[number];
