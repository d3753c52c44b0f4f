import { z } from 'zod';
import { idPattern } from '../../core/ids';
import { pageQuery } from '../../http/pagination';
import { invoiceIdField } from '../schemas';
import type { DisputesTable } from './tables';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS, disputeMachine, type DisputeStatus } from './transitions';

const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'Must not contain U+0000.');
const disputeIdField = z.string().regex(idPattern('dispute'), 'Expected a dispute id (dsp_…).');
const invoiceLineIdField = z.string().regex(idPattern('invoiceLine'), 'Expected an invoice line id (inl_…).');

export const OpenDisputeBody = z.strictObject({
  invoice_line_id: invoiceLineIdField.describe('The line of this invoice in question'),
  reason: z.enum(DISPUTE_REASONS),
  message: text(2000).describe('What is wrong, in your words'),
});
export type OpenDisputeInput = z.infer<typeof OpenDisputeBody>;

export const ResolveDisputeBody = z
  .strictObject({
    resolution: z
      .enum(DISPUTE_RESOLUTIONS)
      .describe('credit: a credit note for part of the line; explained: the bill stands; rebill: a credit note reverses what is left of the line and a new invoice bills it again, corrected'),
    answer: text(2000).describe('What the customer reads'),
    credit: z
      .strictObject({
        quantity: z.number().int().min(1).max(1_000_000).optional().describe('Units taken back, at the invoiced price'),
        amount: z.number().int().min(1).max(1_000_000_000_000).optional().describe('Or: a net amount off the line in minor units (a price allowance)'),
      })
      .optional()
      .describe('What to credit, for resolution credit: quantity or amount'),
    correction: z
      .strictObject({
        quantity: z.number().int().min(1).max(1_000_000).optional().describe('Units to bill (default: as invoiced)'),
        unit_price: z.number().int().min(0).max(1_000_000_000_000).optional().describe('Unit price in minor units (default: as invoiced)'),
      })
      .optional()
      .describe('For resolution rebill: what the corrected line bills; the new invoice is issued at once'),
  })
  .superRefine((body, ctx) => {
    if (body.resolution === 'credit' && !body.credit) ctx.addIssue({ code: 'custom', path: ['credit'], message: 'Say what to credit: quantity or amount.' });
    if (body.resolution !== 'credit' && body.credit) ctx.addIssue({ code: 'custom', path: ['credit'], message: 'Only a credit resolution credits.' });
    if (body.resolution === 'rebill' && (!body.correction || Object.keys(body.correction).length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'Say what the corrected line bills: quantity, unit_price or both.' });
    }
    if (body.resolution !== 'rebill' && body.correction) ctx.addIssue({ code: 'custom', path: ['correction'], message: 'Only a re-bill corrects.' });
    if (body.credit && (body.credit.quantity === undefined) === (body.credit.amount === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['credit'], message: 'Give either quantity or amount.' });
    }
  });
export type ResolveDisputeInput = z.infer<typeof ResolveDisputeBody>;

export const WithdrawDisputeBody = z.strictObject({ reason: text(500).optional() });
export const ReviewDisputeBody = z.strictObject({ note: text(500).optional() });

export const DisputeIdParams = z.strictObject({ id: disputeIdField });

const statuses = disputeMachine.states as unknown as [DisputeStatus, ...DisputeStatus[]];
export const ListDisputesQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(statuses).optional(),
  invoice_id: invoiceIdField.optional(),
  customer_id: z.string().regex(idPattern('customer'), 'Expected a customer id (cus_…).').optional(),
});

export const Dispute = z.object({
  id: z.string(),
  invoice_id: z.string(),
  invoice_number: z.string(),
  invoice_line_id: z.string(),
  line: z.object({ line_no: z.number().int(), description: z.string(), sku: z.string(), quantity: z.number().int() }),
  customer_id: z.string(),
  order_id: z.string(),
  reason: z.enum(DISPUTE_REASONS),
  message: z.string(),
  status: z.enum(statuses),
  respond_by: z.string().describe('When finance owes an answer (the SLA for the customer’s tier)'),
  resolution: z.enum(DISPUTE_RESOLUTIONS).nullable(),
  answer: z.string().nullable(),
  credit_note_id: z.string().nullable(),
  credit_note_number: z.string().nullable(),
  rebill_invoice_id: z.string().nullable().describe('For a re-bill: the invoice that bills the line again, corrected'),
  rebill_invoice_number: z.string().nullable(),
  withdrawn_reason: z.string().nullable(),
  resolved_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DisputeView = z.infer<typeof Dispute>;

export interface DisputeRow extends DisputesTable {
  invoice_number: string;
  line_no: number;
  description: string;
  sku: string;
  quantity: number;
  credit_note_number: string | null;
  rebill_invoice_number: string | null;
}

export function presentDispute(d: DisputeRow): DisputeView {
  return {
    id: d.id,
    invoice_id: d.invoice_id,
    invoice_number: d.invoice_number,
    invoice_line_id: d.invoice_line_id,
    line: { line_no: d.line_no, description: d.description, sku: d.sku, quantity: d.quantity },
    customer_id: d.customer_id,
    order_id: d.order_id,
    reason: d.reason as DisputeView['reason'],
    message: d.message,
    status: d.status as DisputeStatus,
    respond_by: d.respond_by.toISOString(),
    resolution: d.resolution,
    answer: d.answer,
    credit_note_id: d.credit_note_id,
    credit_note_number: d.credit_note_number,
    rebill_invoice_id: d.rebill_invoice_id,
    rebill_invoice_number: d.rebill_invoice_number,
    withdrawn_reason: d.withdrawn_reason,
    resolved_at: d.resolved_at?.toISOString() ?? null,
    created_at: d.created_at.toISOString(),
    updated_at: d.updated_at.toISOString(),
  };
}
