import { AppError, invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';

/** A warehouse has at most one pick / pack work center: the warehouse must exist and have none other than `selfId`. */
export async function checkPickPackWarehouse(tx: Tx, warehouseId: string | null, selfId: string | null): Promise<void> {
  if (warehouseId === null) return;
  const warehouse = await tx.db.selectFrom('warehouses').select('id').where('id', '=', warehouseId).executeTakeFirst();
  if (!warehouse) throw invalidFields({ pick_pack_warehouse_id: `No warehouse with id ${warehouseId}.` });
  const taken = await tx.db.selectFrom('work_centers').select('id').where('pick_pack_warehouse_id', '=', warehouseId).executeTakeFirst();
  if (taken && taken.id !== selfId) {
    throw new AppError('already_exists', `Warehouse ${warehouseId} already has a pick / pack work center: ${taken.id}.`, { fields: { pick_pack_warehouse_id: 'Already has one.' }, id: taken.id });
  }
}
