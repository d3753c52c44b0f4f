import type { Tx } from '../../db/transaction';
import { getShipment } from '../queries/get-shipment';
import { advanceShipment, findShipment } from './advance-shipment';

/** The warehouse has picked the pick list; packing is next. */
export async function pickShipment(tx: Tx, id: string, note?: string) {
  const shipment = await findShipment(tx, id);
  await advanceShipment(tx, shipment, 'picked', note ? { note } : {}, { department: 'warehouse', note: `pack ${shipment.number}` });
  return getShipment(tx.db, tx.actor, id);
}
