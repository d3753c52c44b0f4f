import { defineMachine } from '../core/state-machine';

/**
 * A quote: the customer's request waits for sales; sales (or pricing) drafts it; the approval rules decide
 * whether finance or an executive must approve before it is sent; the customer accepts it (an order),
 * declines it, or lets it expire. A revision supersedes it with a new version of the same number.
 */
export const quoteMachine = defineMachine({
  entity: 'quote',
  table: 'quotes',
  states: ['requested', 'drafting', 'pending_approval', 'sent', 'accepted', 'rejected', 'expired', 'superseded'],
  initial: 'requested',
  transitions: [
    { from: 'requested', to: 'drafting', roles: ['sales', 'pricing'], event: 'quote.drafting_started' },
    { from: 'drafting', to: 'pending_approval', roles: ['sales', 'pricing'], event: 'quote.submitted_for_approval' },
    // Sent straight from drafting when no approval rule applies, or once every approval is given.
    { from: ['drafting', 'pending_approval'], to: 'sent', roles: ['sales', 'pricing', 'finance', 'executive'], event: 'quote.sent' },
    // An approver who denies sends it back to be reworked.
    { from: 'pending_approval', to: 'drafting', roles: ['finance', 'executive'], event: 'quote.approval_denied' },
    { from: 'sent', to: 'accepted', roles: ['customer', 'sales', 'csr'], event: 'quote.accepted' },
    { from: 'sent', to: 'rejected', roles: ['customer', 'sales', 'csr'], event: 'quote.rejected' },
    // Taken by the expiry sweep, which acts as omc itself (system); sales owns the lapsed quote.
    { from: 'sent', to: 'expired', roles: ['sales'], event: 'quote.expired' },
    { from: ['pending_approval', 'sent', 'rejected', 'expired'], to: 'superseded', roles: ['sales', 'pricing'], event: 'quote.superseded' },
  ],
});

export type QuoteStatus = (typeof quoteMachine.states)[number];
/** Quotes still waiting on someone at the company (the quote clock runs). */
export const QUOTE_STATUSES_WITH_US: QuoteStatus[] = ['requested', 'drafting', 'pending_approval'];
