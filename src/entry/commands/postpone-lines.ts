import type { Tx } from '../../db/transaction';
import { repromiseLines } from './repromise';

/**
 * A later date for lines whose promise cannot hold (the schedule says their work ends too late): every
 * active promise part of a line dated before its new date moves to it, and the line and order dates follow
 * through `repromiseLines`, which tells the timeline with the reason. Dates never move earlier here.
 */
export async function postponeLines(tx: Tx, changes: { lineId: string; date: string }[], why: string): Promise<void> {
  const sorted = [...changes].sort((a, b) => a.lineId.localeCompare(b.lineId));
  for (const { lineId, date } of sorted) {
    await tx.db
      .updateTable('reservations')
      .set({ promised_date: date })
      .where('order_line_id', '=', lineId)
      .where('status', '=', 'active')
      .where('promised_date', '<', date)
      .execute();
  }
  await repromiseLines(
    tx,
    sorted.map((c) => c.lineId),
    why,
  );
}
