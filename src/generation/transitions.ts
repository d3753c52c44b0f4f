import { defineMachine } from '../core/state-machine';

const GENERATION = ['marketing', 'sales'] as const;

/**
 * A lead is worked by marketing and sales: contacted, qualified, then converted (a customer and an opportunity;
 * only the convert command takes that step) or disqualified with a reason. Both ends are final.
 */
export const leadMachine = defineMachine({
  entity: 'lead',
  table: 'leads',
  states: ['new', 'contacted', 'qualified', 'converted', 'disqualified'],
  initial: 'new',
  transitions: [
    { from: 'new', to: 'contacted', roles: GENERATION, event: 'lead.contacted' },
    { from: ['new', 'contacted'], to: 'qualified', roles: GENERATION, event: 'lead.qualified' },
    { from: 'qualified', to: 'converted', roles: GENERATION, event: 'lead.converted' },
    { from: ['new', 'contacted', 'qualified'], to: 'disqualified', roles: GENERATION, event: 'lead.disqualified' },
  ],
});
export type LeadStatus = (typeof leadMachine.states)[number];
export const OPEN_LEAD_STATUSES: LeadStatus[] = ['new', 'contacted', 'qualified'];

const OPEN = ['prospecting', 'proposal', 'negotiation'] as const;

/**
 * An opportunity moves between the open stages in either direction (deals slip back) until it is won or lost;
 * won and lost are final. Its stage is the status column.
 */
export const opportunityMachine = defineMachine({
  entity: 'opportunity',
  table: 'opportunities',
  statusColumn: 'stage',
  states: [...OPEN, 'won', 'lost'],
  initial: 'prospecting',
  transitions: [
    { from: ['proposal', 'negotiation'], to: 'prospecting', roles: GENERATION, event: 'opportunity.stage_changed' },
    { from: ['prospecting', 'negotiation'], to: 'proposal', roles: GENERATION, event: 'opportunity.stage_changed' },
    { from: ['prospecting', 'proposal'], to: 'negotiation', roles: GENERATION, event: 'opportunity.stage_changed' },
    { from: OPEN, to: 'won', roles: GENERATION, event: 'opportunity.won' },
    { from: OPEN, to: 'lost', roles: GENERATION, event: 'opportunity.lost' },
  ],
});
export type OpportunityStage = (typeof opportunityMachine.states)[number];
export const OPEN_STAGES: readonly OpportunityStage[] = OPEN;

/** The chance to win, in percent, an opportunity takes on entering a stage unless the caller says otherwise. */
export const STAGE_PROBABILITY: Record<OpportunityStage, number> = { prospecting: 10, proposal: 40, negotiation: 70, won: 100, lost: 0 };
