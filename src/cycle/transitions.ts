import { DEPARTMENTS } from '../access/roles';
import { defineMachine } from '../core/state-machine';

/**
 * A handoff waits (open) until someone in its department takes it; they may give it back (open again) or
 * complete it. Which department may act is checked by the commands: it is the handoff's own.
 */
export const handoffMachine = defineMachine({
  entity: 'handoff',
  table: 'handoffs',
  states: ['open', 'taken', 'completed'],
  initial: 'open',
  transitions: [
    { from: 'open', to: 'taken', roles: DEPARTMENTS, event: 'handoff.taken' },
    { from: 'taken', to: 'open', roles: DEPARTMENTS, event: 'handoff.released' },
    { from: ['open', 'taken'], to: 'completed', roles: DEPARTMENTS, event: 'handoff.completed' },
  ],
});

export type HandoffStatus = (typeof handoffMachine.states)[number];
