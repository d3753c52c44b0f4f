import type { z } from 'zod';
import { AppError, invalidFields } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentProduct, type CreateProductBody } from '../schemas';

export async function createProduct(tx: Tx, input: z.infer<typeof CreateProductBody>) {
  if (input.standard_cost && input.standard_cost.currency !== input.list_price.currency) {
    throw invalidFields({ 'standard_cost.currency': `Use the list price's currency (${input.list_price.currency}).` });
  }
  const taken = await tx.db.selectFrom('products').select('id').where((eb) => eb(eb.fn('lower', ['sku']), '=', input.sku.toLowerCase())).executeTakeFirst();
  if (taken) throw new AppError('already_exists', `SKU ${input.sku} is taken by ${taken.id}.`, { fields: { sku: 'Already in use.' }, id: taken.id });
  const row = {
    id: newId('product'),
    sku: input.sku,
    name: input.name,
    kind: input.kind,
    currency: input.list_price.currency,
    list_price_amount: input.list_price.amount,
    standard_cost_amount: input.standard_cost?.amount ?? null,
    lead_time_days: input.lead_time_days ?? 0,
    warranty_days: input.warranty_days ?? 0,
    needs_installation: input.needs_installation ?? false,
    tax_category: input.tax_category ?? 'standard',
    active: true,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('products').values(row).execute();
  await appendEvent(tx, { type: 'product.created', subject: { type: 'product', id: row.id }, stage: 'planning', data: { sku: row.sku, kind: row.kind } });
  return presentProduct(row);
}
