import type { Tx } from '../../db/transaction';
import { getShipment } from '../queries/get-shipment';
import { advanceShipment, findShipment } from './advance-shipment';

/** The picked goods are packed; handing them to a carrier is next. */
export async function packShipment(tx: Tx, id: string, note?: string) {
  const shipment = await findShipment(tx, id);
  await advanceShipment(tx, shipment, 'packed', note ? { note } : {}, { department: 'warehouse', note: `hand ${shipment.number} to a carrier` });
  return getShipment(tx.db, tx.actor, id);
}
