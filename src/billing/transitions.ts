import { defineMachine } from '../core/state-machine';

/**
 * An invoice is a draft (no number, still discardable) until it is issued; from then on it is never edited.
 * Payments move it to partially paid and paid; credit notes that cover it without any payment make it
 * credited. Overdue is not a status: it is derived (due date passed, balance open), so it is never stale.
 */
export const invoiceMachine = defineMachine({
  entity: 'invoice',
  table: 'invoices',
  states: ['draft', 'issued', 'partially_paid', 'paid', 'credited', 'discarded'],
  initial: 'draft',
  transitions: [
    { from: 'draft', to: 'issued', roles: ['finance'], event: 'invoice.issued' },
    { from: 'draft', to: 'discarded', roles: ['finance'], event: 'invoice.discarded' },
    { from: 'issued', to: 'partially_paid', roles: ['finance'], event: 'invoice.partially_paid' },
    { from: ['issued', 'partially_paid'], to: 'paid', roles: ['finance'], event: 'invoice.paid' },
    { from: 'issued', to: 'credited', roles: ['finance'], event: 'invoice.credited' },
  ],
});

export type InvoiceStatus = (typeof invoiceMachine.states)[number];
/** Issued invoices that may still have money open. */
export const OPEN_INVOICE_STATUSES: InvoiceStatus[] = ['issued', 'partially_paid'];
/** Issued invoices: numbered, immutable, counted in receivables. */
export const ISSUED_INVOICE_STATUSES: InvoiceStatus[] = ['issued', 'partially_paid', 'paid', 'credited'];
