import type { Tx } from '../../db/transaction';
import { moveShipments } from './advance-shipment';

/**
 * Call off a shipment that has not left: its units stay reserved for the order (nothing moved yet) and are
 * free for another shipment; its handoff closes.
 */
export async function cancelShipment(tx: Tx, id: string, reason: string) {
  return (await moveShipments(tx, [id], 'cancelled', () => ({ data: { reason }, next: null })))[0]!;
}
