import type { z } from 'zod';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentWarehouse, type CreateWarehouseBody } from '../schemas';

export async function createWarehouse(tx: Tx, input: z.infer<typeof CreateWarehouseBody>) {
  const taken = await tx.db.selectFrom('warehouses').select('id').where((eb) => eb(eb.fn('lower', ['code']), '=', input.code.toLowerCase())).executeTakeFirst();
  if (taken) throw new AppError('already_exists', `Warehouse code ${input.code} is taken by ${taken.id}.`, { fields: { code: 'Already in use.' }, id: taken.id });
  const row = {
    id: newId('warehouse'),
    code: input.code,
    name: input.name,
    handling_days: input.handling_days ?? 1,
    transit_days: input.transit_days ?? 2,
    active: true,
    created_at: tx.now,
    updated_at: tx.now,
  };
  await tx.db.insertInto('warehouses').values(row).execute();
  await appendEvent(tx, { type: 'warehouse.created', subject: { type: 'warehouse', id: row.id }, stage: 'planning', data: { code: row.code } });
  return presentWarehouse(row);
}
