import { defineMachine } from '../core/state-machine';

/** A CSR or salesperson asks for an order to go first; operations accept or decline; the asker may withdraw. */
export const expediteMachine = defineMachine({
  entity: 'expedite_request',
  table: 'expedite_requests',
  states: ['requested', 'accepted', 'declined', 'withdrawn'],
  initial: 'requested',
  transitions: [
    { from: 'requested', to: 'accepted', roles: ['operations'], event: 'expedite_request.accepted' },
    { from: 'requested', to: 'declined', roles: ['operations'], event: 'expedite_request.declined' },
    { from: 'requested', to: 'withdrawn', roles: ['csr', 'sales'], event: 'expedite_request.withdrawn' },
  ],
});
