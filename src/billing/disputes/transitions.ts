import { defineMachine } from '../../core/state-machine';

/**
 * A customer's dispute of an invoice line. Finance takes it into review and resolves it one of three ways: a
 * credit note, an explanation (the bill stands), or a correction and re-bill. The customer may withdraw it
 * while it is unresolved. Every resolution is final: a new question is a new dispute.
 */
export const disputeMachine = defineMachine({
  entity: 'dispute',
  table: 'disputes',
  states: ['open', 'in_review', 'resolved_credit', 'resolved_explained', 'resolved_rebill', 'withdrawn'],
  initial: 'open',
  transitions: [
    { from: 'open', to: 'in_review', roles: ['finance'], event: 'dispute.in_review' },
    { from: ['open', 'in_review'], to: 'resolved_credit', roles: ['finance'], event: 'dispute.resolved' },
    { from: ['open', 'in_review'], to: 'resolved_explained', roles: ['finance'], event: 'dispute.resolved' },
    { from: ['open', 'in_review'], to: 'resolved_rebill', roles: ['finance'], event: 'dispute.resolved' },
    { from: ['open', 'in_review'], to: 'withdrawn', roles: ['customer', 'csr', 'finance'], event: 'dispute.withdrawn' },
  ],
});

export type DisputeStatus = (typeof disputeMachine.states)[number];
export const UNRESOLVED_DISPUTE_STATUSES: DisputeStatus[] = ['open', 'in_review'];
export const DISPUTE_REASONS = ['wrong_price', 'wrong_quantity', 'not_received', 'damaged', 'other'] as const;
export const DISPUTE_RESOLUTIONS = ['credit', 'explained', 'rebill'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];
export const RESOLVED_STATUS: Record<DisputeResolution, DisputeStatus> = {
  credit: 'resolved_credit',
  explained: 'resolved_explained',
  rebill: 'resolved_rebill',
};
