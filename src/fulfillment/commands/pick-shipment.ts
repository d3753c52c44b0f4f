import type { Tx } from '../../db/transaction';
import { moveShipments } from './advance-shipment';

/** The warehouse has picked the pick list; packing is next. */
export async function pickShipment(tx: Tx, id: string, note?: string) {
  return (await pickShipments(tx, [id], note))[0]!;
}

/** Many pick lists picked at once (a wave): the same step for each, in the statements of one. */
export async function pickShipments(tx: Tx, ids: string[], note?: string) {
  return moveShipments(tx, ids, 'picked', (s) => ({ data: note ? { note } : {}, next: { department: 'warehouse', note: `pack ${s.number}` } }));
}
