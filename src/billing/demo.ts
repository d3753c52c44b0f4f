import { updateCustomer } from '../customers/commands/update-customer';
import type { Tx } from '../db/transaction';
import { createShipment } from '../fulfillment/commands/create-shipment';
import { packShipment } from '../fulfillment/commands/pack-shipment';
import { pickShipment } from '../fulfillment/commands/pick-shipment';
import { shipShipment } from '../fulfillment/commands/ship-shipment';
import { createInvoice } from './commands/create-invoice';
import { issueCreditNote } from './commands/issue-credit-note';
import { recordPayment } from './commands/record-payment';
import { updateBillingSettings } from './commands/update-billing-settings';

/** Made-up VAT ids in each country's shape, for the demo customers that are businesses. */
const DEMO_VAT_IDS: Record<string, string> = { DE: 'DE811569869', FR: 'FR40303265045', GB: 'GB980780684' };

/** The seller's details, which every invoice carries. */
export async function seedSeller(tx: Tx): Promise<void> {
  await updateBillingSettings(tx, {
    legal_name: 'Demo Pumpen & Anlagen GmbH',
    vat_id: 'DE129273398',
    company_id: 'HRB 123456 Hamburg',
    address_line1: 'Billwerder Neuer Deich 72',
    city: 'Hamburg',
    postal_code: '20539',
    country: 'DE',
    email: 'billing@demo.omc',
    iban: 'DE02120300000000202051',
    bic: 'BYLADEM1001',
  });
}

/**
 * The first confirmed orders of the first EUR customers shipped and invoiced: one paid, one paid in part, one
 * with a credit note — so invoices, receivables and the order timelines show billing. The demo customers in
 * Germany and France get VAT ids (France: reverse charge).
 */
export async function seedBilling(tx: Tx, customers: string[]): Promise<void> {
  const invoices: string[] = [];
  for (const customerId of customers.slice(0, 3)) {
    const address = await tx.db.selectFrom('customer_addresses').select('country').where('customer_id', '=', customerId).orderBy('kind').executeTakeFirst();
    const vatId = address ? DEMO_VAT_IDS[address.country.trim()] : undefined;
    if (vatId) await updateCustomer(tx, customerId, { vat_id: vatId });
    const order = await tx.db.selectFrom('orders').select('id').where('customer_id', '=', customerId).where('status', '=', 'confirmed').orderBy('id').executeTakeFirst();
    if (!order) continue;
    const warehouse = await tx.db.selectFrom('reservations').select('warehouse_id').where('order_id', '=', order.id).where('source', '=', 'stock').where('status', '=', 'active').executeTakeFirst();
    if (!warehouse?.warehouse_id || !address) continue;
    const shipment = await createShipment(tx, order.id, { warehouse_id: warehouse.warehouse_id });
    await pickShipment(tx, shipment.id);
    await packShipment(tx, shipment.id);
    await shipShipment(tx, shipment.id, { carrier: 'DHL Freight', tracking_number: `JVGL0${shipment.number.slice(-6)}`, packages: 1 });
    invoices.push(await createInvoice(tx, { shipmentIds: [shipment.id] }));
  }
  const [paid, partly, credited] = invoices;
  for (const [id, share] of [[paid, 1], [partly, 0.5]] as const) {
    if (!id) continue;
    const invoice = await tx.db.selectFrom('invoices').select(['customer_id', 'gross_amount', 'currency', 'number']).where('id', '=', id).executeTakeFirstOrThrow();
    const amount = Math.round(invoice.gross_amount * share);
    await recordPayment(tx, { customer_id: invoice.customer_id, amount: { amount, currency: invoice.currency.trim() }, received_on: tx.now.toISOString().slice(0, 10), method: 'bank_transfer', reference: invoice.number! });
  }
  if (credited) {
    const line = await tx.db.selectFrom('invoice_lines').select('id').where('invoice_id', '=', credited).orderBy('line_no').executeTakeFirstOrThrow();
    await issueCreditNote(tx, { invoiceId: credited, reason: 'One unit arrived damaged', lines: [{ invoice_line_id: line.id, quantity: 1 }] });
  }
}
