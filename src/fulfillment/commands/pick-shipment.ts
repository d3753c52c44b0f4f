import type { Tx } from '../../db/transaction';
import { presentShipment } from '../schemas';
import type { ShipmentStatus } from '../transitions';
import { advanceShipment, findShipment } from './advance-shipment';

/** The warehouse has picked the pick list; packing is next. */
export async function pickShipment(tx: Tx, id: string, note?: string) {
  const shipment = await findShipment(tx, id, { lock: true });
  const picked = await advanceShipment(tx, shipment, 'picked', note ? { note } : {}, { department: 'warehouse', note: `pack ${shipment.number}` }, { lockedAs: shipment.status as ShipmentStatus });
  return presentShipment(picked, picked.lines);
}
