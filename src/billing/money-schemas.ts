import { z } from 'zod';
import { idPattern } from '../core/ids';
import { Money, MoneyInput } from '../customers/schemas';
import { pageQuery } from '../http/pagination';
import { calendarDate } from '../planning/schemas';
import { customerIdField, invoiceIdField, TaxSubtotal } from './schemas';

/** API schemas of the money that moves after an invoice: credit notes, payments, receivables. */

const text = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'Must not contain U+0000.');
const minorUnits = z.number().int('Use an integer count of minor units (cents).').min(1).max(Number.MAX_SAFE_INTEGER);

export const CreateCreditNoteBody = z.strictObject({
  invoice_id: invoiceIdField,
  reason: text(500),
  lines: z
    .array(
      z
        .strictObject({
          invoice_line_id: z.string().regex(idPattern('invoiceLine'), 'Expected an invoice line id (inl_…).'),
          quantity: z.number().int().min(1).max(1_000_000).optional().describe('Units taken back, at the invoiced price'),
          amount: minorUnits.optional().describe('Or: an amount off the line (minor units, before tax)'),
        })
        .refine((l) => (l.quantity === undefined) !== (l.amount === undefined), { message: 'Give either quantity or amount.', path: ['quantity'] }),
    )
    .min(1)
    .max(500),
});

export const CreditNoteIdParams = z.strictObject({ id: z.string().regex(idPattern('creditNote'), 'Expected a credit note id (crn_…).') });
export const ListCreditNotesQuery = z.strictObject({ ...pageQuery, customer_id: customerIdField.optional(), invoice_id: invoiceIdField.optional() });

export const CreditNote = z.object({
  id: z.string(),
  number: z.string(),
  invoice_id: z.string(),
  invoice_number: z.string(),
  customer_id: z.string(),
  currency: z.string(),
  issue_date: z.string(),
  reason: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      line_no: z.number().int(),
      invoice_line_id: z.string(),
      description: z.string(),
      sku: z.string(),
      quantity: z.number().int().describe('Units taken back; 0 for an amount off the line'),
      net: Money,
      tax_category: z.string(),
      tax_rate: z.number(),
    }),
  ),
  tax_subtotals: z.array(TaxSubtotal),
  net: Money,
  tax: Money,
  gross: Money,
  created_at: z.string(),
});

const Allocations = z.array(z.strictObject({ invoice_id: invoiceIdField, amount: minorUnits })).max(200);
export const PAYMENT_METHODS = ['bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other'] as const;

export const RecordPaymentBody = z.strictObject({
  customer_id: customerIdField,
  amount: MoneyInput.refine((m) => m.amount > 0, { message: 'A payment is more than zero.', path: ['amount'] }),
  received_on: calendarDate,
  method: z.enum(PAYMENT_METHODS),
  reference: text(200).optional(),
  allocations: Allocations.optional().describe("Default: the customer's open invoices, oldest due first; [] keeps it all as credit"),
});
export const AllocatePaymentBody = z.strictObject({ allocations: Allocations.min(1) });

export const PaymentIdParams = z.strictObject({ id: z.string().regex(idPattern('payment'), 'Expected a payment id (pay_…).') });
export const ListPaymentsQuery = z.strictObject({ ...pageQuery, customer_id: customerIdField.optional() });

export const Payment = z.object({
  id: z.string(),
  customer_id: z.string(),
  amount: Money,
  received_on: z.string(),
  method: z.string(),
  reference: z.string().nullable(),
  allocations: z.array(z.object({ invoice_id: z.string(), invoice_number: z.string().nullable(), amount: Money, at: z.string() })),
  unallocated: Money.describe("Not applied to an invoice: the customer's credit"),
  created_at: z.string(),
});

export const ReceivablesQuery = z.strictObject({ ...pageQuery, customer_id: customerIdField.optional() });
export const Receivable = z.object({
  customer_id: z.string(),
  currency: z.string(),
  balance: Money.describe('Open on issued invoices'),
  credit: Money.describe('Unapplied payments and over-credited invoices'),
  net: Money.describe('balance − credit'),
  overdue: Money,
  open_invoices: z.number().int(),
  aging: z.object({ current: Money, days_1_30: Money, days_31_60: Money, days_61_90: Money, days_over_90: Money }).describe('Open balance by days past due'),
});
