import { defineMachine } from '../core/state-machine';

/** A customer is active, on hold (no new orders; finance or an executive decides), or archived. */
export const customerMachine = defineMachine({
  entity: 'customer',
  table: 'customers',
  states: ['active', 'on_hold', 'archived'],
  initial: 'active',
  transitions: [
    { from: 'active', to: 'on_hold', roles: ['finance', 'executive'], event: 'customer.put_on_hold' },
    { from: ['on_hold', 'archived'], to: 'active', roles: ['finance', 'executive'], event: 'customer.reactivated' },
    { from: ['active', 'on_hold'], to: 'archived', roles: ['sales', 'finance', 'executive'], event: 'customer.archived' },
  ],
});

export type CustomerStatus = (typeof customerMachine.states)[number];
