import type { Tx } from '../db/transaction';
import { acceptQuote } from './commands/accept-quote';
import { createQuote } from './commands/create-quote';
import { decideQuoteApproval } from './commands/decide-quote-approval';
import { handOverQuote } from './commands/hand-over-quote';
import { submitQuote } from './commands/submit-quote';

/**
 * Demo quotes at every step, so the board, the quote pages and the portal have something to show: a request
 * waiting for sales, one with pricing, one waiting for finance, one sent (the portal user can accept it), and
 * one accepted into an order. The first two customers have portal users.
 */
export async function seedQuotes(tx: Tx, customers: string[], products: Map<string, string>): Promise<void> {
  const [nordhafen, lumiere, third] = customers;
  if (!nordhafen || !lumiere) return;
  const line = (sku: string, quantity: number, discount_percent?: number) => ({ product_id: products.get(sku)!, quantity, ...(discount_percent ? { discount_percent } : {}) });
  const as = (customerId: string) => ({ ...tx, actor: { id: 'demo', role: 'customer' as const, customerId, name: 'demo buyer' } });
  const sales = { ...tx, actor: { id: 'demo', role: 'sales' as const, customerId: null, name: 'Sales Demo' } };

  await createQuote(as(nordhafen), { customer_id: nordhafen, lines: [line('PMP-250', 3), line('SRV-INST', 1)], message: 'Replacement pumps for hall 2, installed please.' });

  const special = await createQuote(sales, { customer_id: lumiere, lines: [line('SKID-PU1', 2)], message: 'Two skids with the stainless frame option' });
  await handOverQuote(sales, special, 'pricing', 'cost the stainless frame option');

  const discounted = await createQuote(sales, { customer_id: third ?? lumiere, lines: [line('VLV-DN80', 40, 25)] });
  await submitQuote(sales, discounted);

  const sent = await createQuote(sales, { customer_id: nordhafen, lines: [line('SEAL-KIT', 30, 5), line('VLV-DN50', 12)] });
  await submitQuote(sales, sent);

  const won = await createQuote(sales, { customer_id: lumiere, lines: [line('PMP-100', 4, 22)] });
  await submitQuote(sales, won);
  await decideQuoteApproval({ ...tx, actor: { id: 'demo', role: 'finance', customerId: null, name: 'Finance Demo' } }, won, 'approve', 'Framework customer, volume next quarter');
  await acceptQuote(as(lumiere), won, { external_ref: 'PO-LP-2231' });
}
